import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { makeRegister } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { MAX_CSV_BYTES, PeCsvImport } from './pe-import.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

const csv = (text: string, name = 'pe.csv') => new File([text], name, { type: 'text/csv' });

describe('the PE CSV import', () => {
	it('credits the first register, refuses a file with a bad row, imports a good one', async () => {
		const register = makeRegister({ name: 'Import target', createdAt: '2000-01-01T00:00:00Z' });
		await db.registers.add(register);
		const flow = new PeCsvImport();
		await until(
			() => flow.registerId,
			(id) => id === register.id
		);

		await flow.choose(csv('Titel;Datum;Punten\nReanimatie;15-01-2026;4\nMedicatie;2026-02-30;3\n'));
		const refused = await until(() => flow.result);
		expect(refused?.errors.map((e) => [e.line, e.field, e.code])).toEqual([[3, 'endDate', 'date']]);
		expect(flow.ready).toBe(false);
		expect(await flow.run()).toBe(false);

		await flow.choose(
			csv('Titel;Datum;Punten\nReanimatie;15-01-2026;4\nIntervisie;01-03-2026;2\n')
		);
		expect((await until(() => flow.result))?.activities).toHaveLength(2);
		const before = await db.peActivities.count();
		expect(await flow.run()).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('2 activities imported');
		expect(await db.peActivities.count()).toBe(before + 2);
	});

	it('says why a file cannot be read, and reads nothing of a file too large', async () => {
		const flow = new PeCsvImport();
		await flow.choose(csv(''));
		expect(flow.fileError).toBe('This file has no header row or no rows.');
		expect(flow.table).toBeUndefined();

		await flow.choose(csv('x'.repeat(MAX_CSV_BYTES + 1)));
		expect(flow.fileError).toBe('This file is larger than 5 MB.');
		expect(flow.table).toBeUndefined();
	});
});
