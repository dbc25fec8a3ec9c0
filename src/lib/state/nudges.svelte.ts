import { calendarSource, currentNudges } from '$lib/db/nudges';
import { getMeta, setMeta } from '$lib/db/meta';
import { getProfile } from '$lib/db/profile';
import { toIsoDate } from '$lib/domain/dates';
import type { Nudge } from '$lib/domain/nudges';
import type { ReflectionRhythm } from '$lib/domain/profile';
import { act } from './action';
import { LiveQuery } from './live-query.svelte';
import { formatDate, t } from './locale.svelte';

/** Today's reminders, kept current as goals, reflections and PE change. */
export class Nudges {
	readonly query = new LiveQuery(() => currentNudges(toIsoDate()));

	/** The reminders, PE deadlines only `withPe`; undefined while loading. */
	list(withPe: boolean): Nudge[] | undefined {
		return this.query.current?.filter((nudge) => withPe || nudge.kind !== 'pe');
	}
}

/** A reminder in words. */
export function nudgeText(nudge: Nudge): string {
	switch (nudge.kind) {
		case 'target':
			return nudge.daysLeft === 0
				? t('nudge.targetToday', { title: nudge.title })
				: t('nudge.target', { title: nudge.title, days: nudge.daysLeft });
		case 'reflect':
			return nudge.lastDate
				? t('nudge.reflect', { date: formatDate(nudge.lastDate) })
				: t('nudge.reflectFirst');
		case 'pe':
			return nudge.reminder.missing === null
				? t('nudge.peStatement', {
						register: nudge.register,
						date: formatDate(nudge.reminder.deadline)
					})
				: t('nudge.pe', {
						register: nudge.register,
						missing: nudge.reminder.missing,
						date: formatDate(nudge.reminder.deadline)
					});
	}
}

function nudgeKey(nudge: Nudge): string {
	return nudge.kind === 'target'
		? `target:${nudge.goalId}`
		: nudge.kind === 'pe'
			? `pe:${nudge.reminder.registerId}:${nudge.reminder.deadline}`
			: 'reflect';
}

/** Downloads the learner's deadlines as an .ics file for their calendar. */
export async function downloadDeadlines(): Promise<void> {
	await act(saveDeadlines);
}

async function saveDeadlines(): Promise<void> {
	const today = toIsoDate();
	const [{ deadlinesCalendar }, { downloadBlob }, source] = await Promise.all([
		import('$lib/export/calendar'),
		import('$lib/export/download'),
		calendarSource(today)
	]);
	const text = await deadlinesCalendar(source.deadlines, source.rhythm as ReflectionRhythm, today, {
		calendar: t('calendar.name'),
		reflect: t('calendar.reflect'),
		deadline: (d) => ({
			summary:
				d.kind === 'goal'
					? t('calendar.goal', { title: d.title })
					: d.kind === 'statement'
						? t('calendar.statement', { register: d.title, year: d.detail })
						: t('calendar.pe', { register: d.title }),
			description:
				d.kind === 'pe' && d.detail ? t('calendar.peMissing', { missing: d.detail }) : d.detail
		})
	});
	downloadBlob(new Blob([text], { type: 'text/calendar' }), 'koers-deadlines.ics');
}

/**
 * Shows due reminders as notifications while Koers is open, when the learner turned them on
 * and the browser allows it: each reminder at most once a day.
 */
export function watchNudges(everyMs = 30 * 60 * 1000): () => void {
	const check = async () => {
		if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
		if (!(await getProfile()).notifications) return;
		const today = toIsoDate();
		const shown = (await getMeta<Record<string, string>>('notified')) ?? {};
		for (const nudge of await currentNudges(today)) {
			const key = nudgeKey(nudge);
			if (shown[key] === today) continue;
			new Notification('Koers', { body: nudgeText(nudge), tag: key });
			shown[key] = today;
		}
		await setMeta('notified', shown);
	};
	const first = setTimeout(() => void check(), 10_000);
	const timer = setInterval(() => void check(), everyMs);
	return () => {
		clearTimeout(first);
		clearInterval(timer);
	};
}
