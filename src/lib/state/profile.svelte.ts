import * as v from 'valibot';
import * as profiles from '$lib/db/profile';
import { ProfileSchema, type LearnerProfile } from '$lib/domain/profile';
import { COMPANIONS, LEARNING_SETTINGS, PACES } from '$lib/domain/vocab';
import { EditSession } from './edit-session.svelte';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

export type { LearnerProfile } from '$lib/domain/profile';
export type { ProfileFields } from '$lib/db/profile';

/** A choice the learner may leave open: '' in the select, null once parsed. */
const openChoice = <T extends readonly string[]>(options: T) =>
	v.pipe(
		v.union([v.literal(''), v.picklist(options)]),
		v.transform((value) => (value === '' ? null : value) as T[number] | null)
	);

/** The profile form's input (selects hold '' for "not set") parsed into profile fields. */
export const ProfileFormSchema = v.object({
	...v.omit(ProfileSchema, ['id', 'updatedAt', 'pace', 'companion', 'setting']).entries,
	pace: openChoice(PACES),
	companion: openChoice(COMPANIONS),
	setting: openChoice(LEARNING_SETTINGS)
});
export type ProfileForm = v.InferInput<typeof ProfileFormSchema>;

/** The form's input for a stored profile. */
export function profileToForm(profile: LearnerProfile): ProfileForm {
	return {
		formats: [...profile.formats],
		pace: profile.pace ?? '',
		companion: profile.companion ?? '',
		setting: profile.setting ?? '',
		reflectionRhythm: profile.reflectionRhythm,
		notifications: profile.notifications
	};
}

/** The learner's profile, kept current (an empty one until they fill it in). */
export function learnerProfile(): LiveQuery<LearnerProfile> {
	return new LiveQuery(profiles.getProfile);
}

/** True when the browser lets Koers show notifications (asks the learner the first time). */
async function allowNotifications(): Promise<boolean> {
	if (typeof Notification === 'undefined') return true;
	const answer =
		Notification.permission === 'default'
			? await Notification.requestPermission()
			: Notification.permission;
	return answer === 'granted';
}

/**
 * The profile form's record. Saves merge with changes made elsewhere (another tab, another
 * device) like every edit: a field only the other side changed keeps their value. The form stays
 * open after a save, so the next save merges from what this form last saved.
 */
export class ProfileEdit {
	readonly #session = new EditSession(profiles.getProfile);
	#saved: LearnerProfile | undefined;
	#denied = $state(false);

	/** The query behind the form (for the error state in place). */
	get query(): LiveQuery<LearnerProfile | null> {
		return this.#session.query;
	}

	/** The stored profile; undefined while loading. */
	get current(): LearnerProfile | null | undefined {
		return this.#session.current;
	}

	/** The learner turned notifications on, but the browser does not allow them. */
	get notificationsDenied(): boolean {
		return this.#denied;
	}

	/** Saves the profile and says so; false when the learner went back to the form instead. */
	async save(fields: profiles.ProfileFields): Promise<boolean> {
		if (fields.notifications) this.#denied = !(await allowNotifications());
		const from = this.#saved;
		let stored: LearnerProfile | undefined;
		const done = await this.#session.save(async (edit) => {
			stored = await profiles.saveProfile(fields, from ? { ...edit, base: from } : edit);
		});
		if (!done || !stored) return false;
		this.#saved = { ...stored, ...fields };
		toasts.show(t('common.saved'));
		return true;
	}
}
