import { nowStamp } from '$lib/domain/dates';
import { emptyProfile, type LearnerProfile } from '$lib/domain/profile';
import { db } from './koers-db';

/** The learner's profile; an empty one until they fill it in. */
export async function getProfile(): Promise<LearnerProfile> {
	return (await db.profile.get('me')) ?? emptyProfile();
}

export async function saveProfile(fields: Omit<LearnerProfile, 'id' | 'updatedAt'>): Promise<void> {
	await db.profile.put({ ...fields, id: 'me', updatedAt: nowStamp() });
}
