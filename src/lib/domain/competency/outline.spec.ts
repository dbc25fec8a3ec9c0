import { describe, expect, it } from 'vitest';
import { exampleFramework } from './examples';
import { parseLevels, parseOutline, toLevelLines, toOutline } from './outline';

describe('framework outline', () => {
	it('reads codes, titles, descriptions and nesting by indentation', () => {
		const result = parseOutline(
			'C Communication\n  C1 Giving feedback - I give specific, kind feedback.\n  Listening\nS Self-direction'
		);
		expect(result).toEqual({
			competencies: [
				{ id: 'C', code: 'C', title: 'Communication', description: '', parentId: null },
				{
					id: 'C1',
					code: 'C1',
					title: 'Giving feedback',
					description: 'I give specific, kind feedback.',
					parentId: 'C'
				},
				{ id: '3', code: '', title: 'Listening', description: '', parentId: 'C' },
				{ id: 'S', code: 'S', title: 'Self-direction', description: '', parentId: null }
			]
		});
	});

	it('names the line that skips a level of indentation', () => {
		expect(parseOutline('Top\n      Too deep')).toEqual({ line: 2 });
	});

	it('round-trips a framework through the outline', () => {
		const { competencies } = exampleFramework('professional-skills', 'en');
		expect(parseOutline(toOutline(competencies))).toEqual({ competencies });
		const levels = exampleFramework('six-elements', 'nl').levels;
		expect(parseLevels(toLevelLines(levels))).toEqual(levels);
	});
});
