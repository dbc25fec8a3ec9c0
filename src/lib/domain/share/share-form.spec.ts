import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../validation';
import { emptyShareForm, ShareFormSchema } from './share-form';

const parse = (input: Partial<ReturnType<typeof emptyShareForm>>) =>
	v.safeParse(ShareFormSchema, { ...emptyShareForm(), ...input });

describe('share form', () => {
	it('asks for a title and something to share, at once', () => {
		const result = parse({});
		expect(result.success).toBe(false);
		expect(fieldErrors(result.issues ?? [])).toEqual({
			title: 'error.titleRequired',
			goalIds: 'error.shareNothingChosen'
		});
	});

	it('accepts a register or framework alone, or everything', () => {
		expect(parse({ title: 'PE', registerIds: ['r1'] }).success).toBe(true);
		expect(parse({ title: 'Comp', frameworkIds: ['f1'] }).success).toBe(true);
		expect(parse({ title: 'All', scope: 'all' }).output).toMatchObject({
			selection: { kind: 'all', registerIds: [], frameworkIds: [] }
		});
	});

	it('trims, caps and refuses a broken expiry date', () => {
		const ok = parse({ title: `  ${'x'.repeat(300)} `, owner: ' Sam ', goalIds: ['g', 'g'] });
		expect(ok.output).toMatchObject({
			owner: 'Sam',
			selection: { kind: 'goals', goalIds: ['g'] },
			expiresAt: null
		});
		expect((ok.output as { title: string }).title).toHaveLength(200);
		const bad = parse({ title: 'T', scope: 'all', expiresAt: '2026-13-40' });
		expect(fieldErrors(bad.issues ?? [])).toEqual({ expiresAt: 'error.date' });
		expect(parse({ title: 'T', scope: 'all', expiresAt: '2027-01-31' }).output).toMatchObject({
			expiresAt: '2027-01-31'
		});
	});
});
