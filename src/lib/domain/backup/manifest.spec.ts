import { describe, expect, it } from 'vitest';
import { BACKUP_FORMAT, BACKUP_VERSION, emptyTables, readBackup } from './manifest';

const document = (fields: Record<string, unknown> = {}) => ({
	format: BACKUP_FORMAT,
	version: BACKUP_VERSION,
	exportedAt: '2026-11-22T12:00:00.000Z',
	tables: emptyTables(),
	files: [],
	...fields
});

const question = { id: 'q1', itemId: 'e1', text: 'Is this enough?', updatedAt: '2026-01-01' };

const problem = (raw: unknown) => {
	const read = readBackup(raw);
	return 'problem' in read ? read.problem : 'accepted';
};

describe('readBackup', () => {
	it('accepts a current document', () => {
		expect(problem(document())).toBe('accepted');
	});

	it('says a koers.json with another format is not a Koers backup, not that it is missing', () => {
		expect(problem(document({ format: 'koers-backuq' }))).toEqual({ kind: 'notKoersBackup' });
		expect(problem(document({ format: undefined }))).toEqual({ kind: 'notKoersBackup' });
		expect(problem([document()])).toEqual({ kind: 'notKoersBackup' });
		expect(problem('koers-backup')).toEqual({ kind: 'notKoersBackup' });
	});

	it('tells a newer version from a version it cannot read', () => {
		expect(problem(document({ version: 2 }))).toEqual({ kind: 'newerVersion', version: 2 });
		for (const version of [0, -1, 1.5, '1', null, undefined, Infinity])
			expect(problem(document({ version }))).toEqual({ kind: 'unsupportedVersion' });
	});

	it('refuses a table that lists one id twice', () => {
		const tables = { ...emptyTables(), questions: [0, 1].map(() => question) };
		expect(problem(document({ tables }))).toMatchObject({ kind: 'invalid' });
	});
});
