import type { IsoDate } from '$lib/domain/dates';
import {
	deadlines,
	reflectionNudge,
	targetNudges,
	type Deadline,
	type Nudge
} from '$lib/domain/nudges';
import { peReminders } from '$lib/domain/pe/progress';
import { db } from './koers-db';
import { getProfile } from './profile';

/** Everything to remind the learner of today. */
export async function currentNudges(today: IsoDate): Promise<Nudge[]> {
	const [goals, reflections, registers, activities, profile] = await Promise.all([
		db.goals.toArray(),
		db.reflections.toArray(),
		db.registers.toArray(),
		db.peActivities.toArray(),
		getProfile()
	]);
	const names = new Map(registers.map((r) => [r.id, r.name]));
	const firstSave = goals.reduce<string | null>(
		(min, g) => (min === null || g.createdAt < min ? g.createdAt : min),
		null
	);
	const reflect = reflectionNudge(
		reflections,
		profile.reflectionRhythm,
		today,
		firstSave?.slice(0, 10) ?? null
	);
	return [
		...targetNudges(goals, today),
		...(reflect ? [reflect] : []),
		...peReminders(registers, activities, today).map((reminder) => ({
			kind: 'pe' as const,
			reminder,
			register: names.get(reminder.registerId) ?? ''
		}))
	];
}

/** Every deadline ahead, and the reflection rhythm, for the calendar file. */
export async function calendarSource(
	today: IsoDate
): Promise<{ deadlines: Deadline[]; rhythm: string }> {
	const [goals, registers, activities, profile] = await Promise.all([
		db.goals.toArray(),
		db.registers.toArray(),
		db.peActivities.toArray(),
		getProfile()
	]);
	return {
		deadlines: deadlines(goals, registers, activities, today),
		rhythm: profile.reflectionRhythm
	};
}
