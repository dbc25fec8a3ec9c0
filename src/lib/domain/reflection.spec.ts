import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ReflectionFormSchema, reflectionExcerpt, reflectionSteps } from './reflection';
import { makeReflection } from '$lib/testing/factories';

const base = { subjectKind: 'goal', subjectId: 'g1', date: '2026-04-01' } as const;

describe('ReflectionFormSchema', () => {
	it('keeps only the steps of the chosen template, trimmed', () => {
		const result = v.parse(ReflectionFormSchema, {
			...base,
			template: 'starr',
			steps: { situation: ' Sprint review ', result: 'Calm', text: 'left over from free' }
		});
		expect(result.steps).toEqual({ situation: 'Sprint review', result: 'Calm' });
	});

	it('refuses a reflection with nothing written', () => {
		const result = v.safeParse(ReflectionFormSchema, {
			...base,
			template: 'gibbs',
			steps: { feelings: '   ' }
		});
		expect(result.success).toBe(false);
	});
});

describe('reflectionSteps', () => {
	it('lists every step of a template in order', () => {
		expect(reflectionSteps('korthagen', { trial: 'x' }).map((s) => s.step)).toEqual([
			'action',
			'lookingBack',
			'awareness',
			'alternatives',
			'trial'
		]);
	});
});

describe('reflectionExcerpt', () => {
	it('shows the first written step as plain text', () => {
		const reflection = makeReflection({
			template: 'starr',
			steps: { task: '**Lead** the [review](https://x.org)' }
		});
		expect(reflectionExcerpt(reflection)).toBe('Lead the review');
	});
});
