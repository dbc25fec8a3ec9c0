import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultLevels } from './framework';
import { FrameworkImportError, parseCase } from './import';

const fixture = JSON.parse(
	readFileSync('src/lib/domain/competency/fixtures/case-package.json', 'utf8')
);
const levels = defaultLevels('en');

function refusal(raw: unknown): string {
	try {
		parseCase(JSON.stringify(raw), levels);
		return 'accepted';
	} catch (error) {
		if (!(error instanceof FrameworkImportError)) throw error;
		return `${error.code}:${error.detail}`;
	}
}

describe('CASE packages with ids listed twice', () => {
	it('refuses a competency listed twice, and a rubric level listed twice', () => {
		expect(refusal(fixture)).toBe('accepted');
		const item = fixture.CFItems[0];
		const items = { ...fixture, CFItems: [...fixture.CFItems, item] };
		expect(refusal(items)).toBe(`duplicate:${item.identifier}`);
		const rubric = structuredClone(fixture.CFRubrics[0]);
		const criterion = rubric.CFRubricCriteria[0];
		const level = criterion.CFRubricCriterionLevels[0];
		criterion.CFRubricCriterionLevels.push({ ...level, position: 9 });
		const rubrics = { ...fixture, CFRubrics: [rubric] };
		expect(refusal(rubrics)).toBe(`duplicate:${level.identifier}`);
	});

	it('orders by a sequence number of 1e400 (∞ in JSON) as if it had none', () => {
		const text = JSON.stringify(fixture).replace(/"sequenceNumber":\s*1/, '"sequenceNumber":1e400');
		expect(text).toContain('1e400');
		expect(() => parseCase(text, levels)).not.toThrow();
	});
});
