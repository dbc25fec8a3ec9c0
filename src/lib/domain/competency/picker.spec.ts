import { describe, expect, it } from 'vitest';
import { exampleFramework, EXAMPLE_IDS } from './examples';
import { competencyKey, type Framework } from './framework';
import { pickerGroups } from './picker';

const frameworks: Framework[] = EXAMPLE_IDS.map((id) => ({
	...exampleFramework(id, 'nl'),
	id,
	createdAt: '',
	updatedAt: ''
}));
const none = new Set<string>();

describe('link picker', () => {
	it('groups by framework, with the frameworks that hold a link first', () => {
		const last = frameworks.at(-1)!;
		const key = competencyKey(last.id, last.competencies[3]!.id);
		const groups = pickerGroups(frameworks, new Set([key]), new Set([key]), '');
		expect(groups.map((g) => g.framework.id)).toEqual([
			last.id,
			...frameworks.slice(0, -1).map((f) => f.id)
		]);
		expect(groups[0]!.linked).toBe(1);
		expect(groups[0]!.rows[0]!.key).toBe(key);
		expect(groups[0]!.rows.filter((r) => r.key === key)).toHaveLength(1);
		expect(groups[0]!.rows).toHaveLength(last.competencies.length);
	});

	it('keeps the order while boxes are ticked: only the snapshot pins', () => {
		const first = frameworks[0]!;
		const key = competencyKey(first.id, first.competencies[2]!.id);
		const groups = pickerGroups(frameworks, new Set([key]), none, '');
		const untouched = pickerGroups(frameworks, none, none, '');
		expect(groups[0]!.rows.map((r) => r.key)).toEqual(untouched[0]!.rows.map((r) => r.key));
		expect(groups[0]!.linked).toBe(1);
	});

	it('filters on every word, without minding case or accents, and drops empty groups', () => {
		const groups = pickerGroups(frameworks, none, none, 'FEEDBACK gEven');
		const titles = groups.flatMap((g) => g.rows.map((r) => r.competency.title));
		expect(titles).toContain('Feedback geven en ontvangen');
		expect(groups.every((g) => g.rows.length > 0)).toBe(true);
		expect(pickerGroups(frameworks, none, none, 'zzzqqq')).toEqual([]);
		const accented = pickerGroups(
			[
				{
					...frameworks[0]!,
					competencies: [
						{ ...frameworks[0]!.competencies[0]!, parentId: null, title: 'Compétence' }
					]
				}
			],
			none,
			none,
			'competence'
		);
		expect(accented[0]!.rows).toHaveLength(1);
	});
});
