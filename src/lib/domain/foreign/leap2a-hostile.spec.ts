// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ForeignFileError } from './bundle';
import { leap2aToBundle, parseLeap2aXml } from './leap2a';

const fixture = readFileSync('src/lib/domain/foreign/fixtures/leap2a.xml', 'utf8');
const options = { toMarkdown: (html: string) => html, hasFile: () => true, now: '2026-11-22' };

describe('LEAP2A from a hostile or broken exporter', () => {
	it('refuses an export that lists one entry twice, naming it', async () => {
		const first = fixture.indexOf('<entry');
		const end = fixture.indexOf('</entry>', first) + '</entry>'.length;
		const twice = fixture.slice(0, end) + fixture.slice(first, end) + fixture.slice(end);
		const read = leap2aToBundle(parseLeap2aXml(twice), options);
		await expect(read).rejects.toThrow(ForeignFileError);
		await expect(read).rejects.toMatchObject({ code: 'duplicate' });
	});

	it('reads a file path with a malformed % escape instead of throwing', async () => {
		const broken = fixture.replace('files/whiteboard-sbar.png"', 'files/white%E0%A4%Aboard.png"');
		const bundle = await leap2aToBundle(parseLeap2aXml(broken), options);
		expect(bundle.files.map((f) => f.ref)).toContain('files/white%E0%A4%Aboard.png');
	});
});
