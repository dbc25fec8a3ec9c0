import type { IsoDate } from '../dates';
import type { ShareSelection } from './projection';

/** What the learner published: a selection, its room and secret, and whether it still runs. */
export interface Share {
	id: string;
	title: string;
	/** The learner's name as coaches see it. */
	owner: string;
	selection: ShareSelection;
	/** Random room id for live sync; the signaling server sees only this. */
	room: string;
	/** Random 256-bit secret (base64url); it never leaves the link's #fragment. */
	secret: string;
	expiresAt: IsoDate | null;
	revokedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

/** A share is published while it is neither revoked nor past its expiry date. */
export function isActive(share: Share, today: IsoDate): boolean {
	return share.revokedAt === null && (share.expiresAt === null || today <= share.expiresAt);
}
