import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { emptyEvidenceForm, EvidenceFormSchema } from './evidence';
import { emptyGoalForm, GoalFormSchema } from './goal';
import { fieldErrors } from './validation';
import { fitTags, normaliseTags } from './tags';

const long = 'communicatie met familie van de patiënt in de thuiszorg';

describe('long tags are never dropped without a word', () => {
	it('refuses a tag over 40 characters at the tags field of a goal and of evidence', () => {
		const goal = v.safeParse(GoalFormSchema, {
			...emptyGoalForm(),
			title: 'Doel',
			tags: `ict, ${long}`
		});
		expect(goal.success).toBe(false);
		expect(fieldErrors(goal.issues ?? [])).toEqual({ tags: 'error.tagTooLong' });
		const evidence = v.safeParse(EvidenceFormSchema, {
			...emptyEvidenceForm('2026-03-01'),
			title: 'Verslag',
			tags: long
		});
		expect(fieldErrors(evidence.issues ?? [])).toEqual({ tags: 'error.tagTooLong' });
	});

	it('accepts 40 characters and keeps every tag it is given', () => {
		const forty = 'x'.repeat(40);
		const goal = v.parse(GoalFormSchema, {
			...emptyGoalForm(),
			title: 'Doel',
			tags: `ICT, ${forty}`
		});
		expect(goal.tags).toEqual(['ict', forty]);
		expect(normaliseTags([long])).toEqual([long]);
	});

	it('shortens a long tag from another system instead of losing it', () => {
		const [tag] = fitTags([long]);
		expect(tag).toHaveLength(40);
		expect(tag!.endsWith('…')).toBe(true);
		expect(long.startsWith(tag!.slice(0, -1))).toBe(true);
	});
});
