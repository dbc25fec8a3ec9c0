import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { makeActivity, makeRegister } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { AuditView } from './pe-audit.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

describe('the audit pack', () => {
	it("lists the audited cycle's activities oldest first, only those counting here", async () => {
		const register = makeRegister({ name: 'V&V: 2025', cycleStart: '2020-01-01', cycleYears: 5 });
		const elsewhere = makeRegister();
		await db.registers.bulkAdd([register, elsewhere]);
		await db.peActivities.bulkAdd([
			makeActivity(register.id, 6, '2021-05-01', 'other', { title: 'Later' }),
			makeActivity(register.id, 12.5, '2021-03-10', 'accredited', { title: 'Earlier' }),
			makeActivity(register.id, 3, '2026-01-10', 'accredited', { title: 'Next cycle' }),
			makeActivity(elsewhere.id, 9, '2021-04-01', 'accredited', { title: 'Elsewhere' })
		]);
		const view = new AuditView(register.id, () => 0);
		const progress = await until(() => view.progress, Boolean);
		expect(progress?.counted).toBe(18.5);
		expect(view.rows.map((row) => [row.activity.title, row.credit.points])).toEqual([
			['Earlier', 12.5],
			['Later', 6]
		]);
		// A name every system accepts: no colon.
		expect(view.baseName).toBe('V&V 2025 2020-01-01');
	});

	it('says so when the cycle has no certificates, and offers no file', async () => {
		const register = makeRegister({ cycleStart: '2020-01-01', cycleYears: 5 });
		await db.registers.add(register);
		await db.peActivities.add(makeActivity(register.id, 4, '2021-02-01'));
		const view = new AuditView(register.id, () => 0);
		await until(
			() => view.rows,
			(rows) => rows.length === 1
		);
		await view.downloadCertificates();
		expect(toasts.list.at(-1)?.text).toBe('There are no certificates in this cycle.');
		expect(view.certificates.busy).toBe(false);
	});
});
