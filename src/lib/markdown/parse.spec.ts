import { describe, expect, it } from 'vitest';
import { createParser } from './parse';

describe('parsing Markdown (in the worker)', () => {
	const parse = createParser();

	it('starts headings one level lower: the page owns the only h1', () => {
		expect(parse('# Plan\n\n###### Deep')).toBe('<h2>Plan</h2>\n<h6>Deep</h6>\n');
	});

	it('keeps GitHub-flavoured tables and emphasis', () => {
		const html = parse('We agreed on **three** actions.\n\n| a | b |\n|---|---|\n| 1 | 2 |');
		expect(html).toContain('<strong>three</strong>');
		expect(html).toContain('<table>');
	});
});
