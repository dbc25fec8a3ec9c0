import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FUZZ, FuzzTally, mutatedBytes } from '$lib/testing/hostile';
import { makeActivity, makeRegister } from '$lib/testing/factories';
import { CreditSchema, MAX_AMOUNT } from './activity';
import { activitiesToCsv, guessMapping, parseCsv, rowsToActivities } from './csv';
import { cycleAt } from './cycle';

const register = makeRegister();
const own = activitiesToCsv(
	register,
	[
		makeActivity(register.id, 12.5, '2026-02-01', 'accredited', { title: 'Wound care' }),
		makeActivity(register.id, 3, '2026-03-10', null, { title: 'Intervisie', hours: 2 })
	],
	cycleAt('2025-01-01', 5, '2026-03-01')
);
const portal = [
	'Datum;Activiteit;Aanbieder;Punten;Uren;Categorie',
	'01-03-2026;Congres wondzorg;V&VN;6,5;;',
	'15/04/2026;E-learning;Academie;;2;'
].join('\n');
const encode = (text: string) => new TextEncoder().encode(text);

/** A cell replaced by a number no register could hold, or by a formula. */
const hostileCell = fc.record({
	seed: fc.constantFrom(own, portal),
	cell: fc.constantFrom('1e400', '9'.repeat(400), '99999999999999999999999', '-5', '=1+1', 'NaN'),
	at: fc.nat()
});

describe('PE CSV import, fuzzed', { timeout: 60_000 }, () => {
	it('refuses every mutated file or row with a message, or imports finite, sensible amounts', async () => {
		const tally = new FuzzTally('pe-csv');
		const inputs = fc.oneof(
			mutatedBytes([encode(own), encode(portal)]).map((b) => new TextDecoder().decode(b)),
			hostileCell.map(({ seed, cell, at }) => {
				const numbers = [...seed.matchAll(/\d+([.,]\d+)?/g)];
				const hit = numbers[at % numbers.length]!;
				return seed.slice(0, hit.index) + cell + seed.slice(hit.index! + hit[0].length);
			})
		);
		await fc.assert(
			fc.asyncProperty(inputs, (text) =>
				tally.time(async () => {
					const table = parseCsv(text);
					if ('error' in table) return tally.refuse(table.error);
					const { activities, errors } = rowsToActivities(
						table,
						guessMapping(table.headers),
						register
					);
					if (errors.length) return tally.refuse(errors[0]!.code);
					for (const { fields } of activities) {
						expect(v.safeParse(CreditSchema, fields.credits[0]).success).toBe(true);
						expect(fields.hours === null || fields.hours <= MAX_AMOUNT).toBe(true);
					}
					tally.accepted++;
				})
			),
			FUZZ
		);
		await tally.save();
		expect(tally.accepted + tally.refused).toBe(FUZZ.numRuns);
	});
});
