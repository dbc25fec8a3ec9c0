import { addDays, utcMidnight, type IsoDate } from '$lib/domain/dates';
import type { Deadline } from '$lib/domain/nudges';
import type { ReflectionRhythm } from '$lib/domain/profile';

/** The words of the calendar file, in the learner's language. */
export interface CalendarLabels {
	calendar: string;
	deadline: (deadline: Deadline) => { summary: string; description: string };
	reflect: string;
}

/**
 * An iCalendar (RFC 5545) file with the learner's deadlines as all-day events, and the chosen
 * reflection rhythm as a repeating one, made with ical-generator. Event ids are stable, so
 * importing a newer file updates the events instead of doubling them.
 */
export async function deadlinesCalendar(
	deadlines: readonly Deadline[],
	rhythm: ReflectionRhythm,
	today: IsoDate,
	labels: CalendarLabels
): Promise<string> {
	const { default: ical, ICalEventRepeatingFreq } = await import('ical-generator');
	const calendar = ical({ name: labels.calendar, prodId: { company: 'Koers', product: 'Koers' } });
	for (const deadline of deadlines) {
		const { summary, description } = labels.deadline(deadline);
		calendar.createEvent({
			id: `${deadline.uid}@koers`,
			start: utcMidnight(deadline.date),
			end: utcMidnight(addDays(deadline.date, 1)),
			allDay: true,
			summary,
			description
		});
	}
	if (rhythm !== 'off') {
		calendar.createEvent({
			id: 'reflection-rhythm@koers',
			start: utcMidnight(today),
			end: utcMidnight(addDays(today, 1)),
			allDay: true,
			summary: labels.reflect,
			repeating: {
				freq: rhythm === 'monthly' ? ICalEventRepeatingFreq.MONTHLY : ICalEventRepeatingFreq.WEEKLY,
				interval: rhythm === 'fortnightly' ? 2 : 1
			}
		});
	}
	return calendar.toString();
}
