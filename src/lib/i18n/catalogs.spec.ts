import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { describe, expect, it } from 'vitest';
import { GOAL_FILTER_KEYS, GOAL_FILTER_OPTIONS } from '$lib/domain/goal-filter';
import { REFLECTION_TEMPLATES } from '$lib/domain/reflection';
import { EVIDENCE_FORMATS } from '$lib/domain/vocab';
import en from './catalogs/en.json';
import nl from './catalogs/nl.json';
import { preferredLocale } from './index';

const catalogs = { en, nl } as Record<string, Record<string, string>>;
const PREFIX: Record<string, string> = { momentOfNeed: 'moment' };

describe('catalogs', () => {
	it('have the same keys in every language, none empty', () => {
		expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
		for (const catalog of Object.values(catalogs))
			for (const text of Object.values(catalog)) expect(text.trim()).not.toBe('');
	});

	it('compile as ICU messages with the same placeholders', () => {
		const placeholders = (text: string) =>
			[...new Set([...text.matchAll(/\{(\w+)\s*[,}]/g)].map((m) => m[1]))].sort();
		for (const [key, text] of Object.entries(en)) {
			expect(() => compileMessageOrThrow(text)).not.toThrow();
			expect(() => compileMessageOrThrow(catalogs.nl![key]!)).not.toThrow();
			expect(placeholders(catalogs.nl![key]!), key).toEqual(placeholders(text));
		}
	});

	it('label every vocabulary value and every reflection step', () => {
		const keys: string[] = [];
		for (const filter of GOAL_FILTER_KEYS)
			for (const option of GOAL_FILTER_OPTIONS[filter])
				keys.push(`${PREFIX[filter] ?? filter}.${option}`);
		for (const format of EVIDENCE_FORMATS) keys.push(`format.${format}`);
		for (const [template, steps] of Object.entries(REFLECTION_TEMPLATES)) {
			keys.push(`template.${template}`, `template.${template}.about`);
			for (const step of steps)
				keys.push(`step.${template}.${step}`, `step.${template}.${step}.prompt`);
		}
		for (const key of keys)
			for (const catalog of Object.values(catalogs)) expect(catalog, key).toHaveProperty([key]);
	});
});

describe('preferredLocale', () => {
	it('follows the first supported browser language', () => {
		expect(preferredLocale(['de-DE', 'nl-BE', 'en'])).toBe('nl');
		expect(preferredLocale(['en-US', 'nl'])).toBe('en');
		expect(preferredLocale(['fr'])).toBe('en');
	});
});
