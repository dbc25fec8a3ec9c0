import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { deadlinesCalendar } from './calendar';

describe('deadlines calendar', () => {
	it('writes all-day events and a repeating reflection a standard parser reads back', async () => {
		const text = await deadlinesCalendar(
			[
				{
					uid: 'goal-1',
					date: '2027-01-31',
					kind: 'goal',
					title: 'Feedback',
					detail: 'In the team'
				},
				{ uid: 'pe-vv-2030-01-01', date: '2030-01-01', kind: 'pe', title: 'V&V', detail: '164' }
			],
			'fortnightly',
			'2026-11-22',
			{
				calendar: 'Koers',
				deadline: (d) => ({ summary: `Target: ${d.title}`, description: d.detail }),
				reflect: 'Reflect'
			}
		);
		const component = new ICAL.Component(ICAL.parse(text));
		const events = component.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
		expect(
			events.map((e) => [e.uid, e.summary, e.startDate.toString(), e.startDate.isDate])
		).toEqual([
			['goal-1@koers', 'Target: Feedback', '2027-01-31', true],
			['pe-vv-2030-01-01@koers', 'Target: V&V', '2030-01-01', true],
			['reflection-rhythm@koers', 'Reflect', '2026-11-22', true]
		]);
		const rule = events[2]!.component.getFirstPropertyValue('rrule') as ICAL.Recur;
		expect([rule.freq, rule.interval]).toEqual(['WEEKLY', 2]);
		expect(events[0]!.description).toBe('In the team');
	});
});
