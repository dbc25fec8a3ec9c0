import { nowStamp } from '$lib/domain/dates';
import { emptyProfile, type LearnerProfile } from '$lib/domain/profile';
import { mergeOntoStored, type EditBase } from './edits';
import { db } from './koers-db';

/** The profile's fields the learner edits. */
export type ProfileFields = Omit<LearnerProfile, 'id' | 'updatedAt'>;

/** The learner's profile; an empty one until they fill it in. */
export async function getProfile(): Promise<LearnerProfile> {
	return (await db.profile.get('me')) ?? emptyProfile();
}

/**
 * Saves the learner's profile fields. With `edit`, they are merged onto the stored profile
 * (fields changed in another tab meanwhile are kept; see db/edits.ts), in one transaction.
 * Returns the profile as stored.
 */
export async function saveProfile(
	fields: ProfileFields,
	edit?: EditBase<LearnerProfile>
): Promise<LearnerProfile> {
	return db.transaction('rw', db.profile, async () => {
		const stored = (await db.profile.get('me')) ?? emptyProfile();
		const saved: LearnerProfile = {
			...mergeOntoStored(stored, fields, edit),
			id: 'me',
			updatedAt: nowStamp()
		};
		await db.profile.put(saved);
		return saved;
	});
}
