import { describe, expect, it } from 'vitest';
import { backupDue, daysSince, snoozeUntil } from './reminder';

const now = new Date('2026-06-30T12:00:00.000Z');
const base = {
	lastExportAt: '2026-06-01T12:00:00.000Z',
	firstSavedAt: '2026-01-01T12:00:00.000Z',
	changes: 3,
	snoozedUntil: null
};

describe('backup reminder', () => {
	it('is due three weeks after the last export when there is new work', () => {
		expect(backupDue(base, now)).toBe(true);
		expect(backupDue({ ...base, lastExportAt: '2026-06-20T12:00:00.000Z' }, now)).toBe(false);
	});

	it('is not due without new work, however old the backup', () => {
		expect(backupDue({ ...base, changes: 0 }, now)).toBe(false);
	});

	it('counts from the first save when there never was a backup', () => {
		expect(backupDue({ ...base, lastExportAt: null }, now)).toBe(true);
		expect(
			backupDue({ ...base, lastExportAt: null, firstSavedAt: '2026-06-25T00:00:00.000Z' }, now)
		).toBe(false);
		expect(backupDue({ ...base, lastExportAt: null, firstSavedAt: null }, now)).toBe(false);
	});

	it('stays hidden for a week after "later"', () => {
		const snoozed = { ...base, snoozedUntil: snoozeUntil(now) };
		expect(backupDue(snoozed, now)).toBe(false);
		expect(backupDue(snoozed, new Date('2026-07-07T12:00:01.000Z'))).toBe(true);
	});

	it('counts whole days', () => {
		expect(daysSince(base.lastExportAt, now)).toBe(29);
	});
});
