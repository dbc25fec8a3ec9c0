// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import TurndownService from 'turndown';
import { describe, expect, it } from 'vitest';
import { ForeignFileError } from './bundle';
import { leap2aToBundle, parseLeap2aXml } from './leap2a';

const fixture = readFileSync('src/lib/domain/foreign/fixtures/leap2a.xml', 'utf8');
const turndown = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-' });
turndown.remove(['script', 'style']);
const options = {
	toMarkdown: (html: string) => turndown.turndown(html),
	hasFile: (path: string) =>
		path === 'files/whiteboard-sbar.png' || path === 'files/presentatie.webm',
	now: '2026-11-22T12:00:00.000Z'
};

async function bundle(xml = fixture) {
	return leap2aToBundle(parseLeap2aXml(xml), options);
}

describe('LEAP2A import', () => {
	it('names the files a bare XML refers to but does not hold', async () => {
		const { files, missingFiles } = await leap2aToBundle(parseLeap2aXml(fixture), {
			...options,
			hasFile: () => false
		});
		expect(files).toEqual([]);
		expect(missingFiles.length).toBeGreaterThan(0);
		expect(missingFiles).toContain('whiteboard-sbar.png');
		// With the files there, none is missing.
		expect((await bundle()).missingFiles).not.toContain('whiteboard-sbar.png');
	});

	it('turns plans into goals with their target dates', async () => {
		const { goals } = await bundle();
		expect(goals.map((g) => [g.title, g.targetDate, g.status])).toEqual([
			['Overdracht geven volgens SBAR', '2027-01-31', 'planned'],
			['Rollenspel overdracht', '2026-10-15', 'achieved']
		]);
	});

	it('turns journal posts into blog evidence with Markdown, tags and the goal they support', async () => {
		const { evidence, goals } = await bundle();
		const post = evidence.find((e) => e.title === 'Eerste overdracht met SBAR')!;
		expect(post.format).toBe('blog');
		expect(post.body).toContain('**overdracht**');
		expect(post.body).toContain('-   Situatie helder');
		expect(post.body).not.toContain('alert');
		expect(post.tags).toEqual(['praktijkjournaal', 'overdracht', 'sbar']);
		expect(post.goalIds).toEqual([goals[0]!.id]);
		expect(post.date).toBe('2026-09-10');
		const xhtml = evidence.find((e) => e.title === 'Feedback van mijn werkbegeleider')!;
		expect(xhtml.body).toContain('_compact en volledig_');
	});

	it('keeps attachments and resources as files, and makes a reflection of reflects_on', async () => {
		const { evidence, files, reflections, skipped } = await bundle();
		const post = evidence.find((e) => e.title === 'Eerste overdracht met SBAR')!;
		expect(files.filter((f) => f.ownerId === post.id).map((f) => [f.ref, f.type])).toEqual([
			['files/whiteboard-sbar.png', 'image/png']
		]);
		const video = evidence.find((e) => e.title === 'Presentatie voor het team')!;
		expect(video.format).toBe('film');
		expect(video.date).toBe('2026-10-18');
		expect(files.find((f) => f.ownerId === video.id)?.name).toBe('Presentatie voor het team');
		// The attached photo is the post's file, not evidence of its own.
		expect(evidence.map((e) => e.title)).not.toContain('whiteboard-sbar.png');
		expect(reflections).toHaveLength(1);
		expect(reflections[0]).toMatchObject({ subjectKind: 'evidence', subjectId: post.id });
		expect(reflections[0]!.steps.text).toContain('twee zinnen');
		expect(skipped).toBe(1); // the person entry
	});

	it('gives the same ids when the same export is imported again', async () => {
		const first = await bundle();
		const second = await bundle();
		expect(second.evidence.map((e) => e.id)).toEqual(first.evidence.map((e) => e.id));
		expect(second.files.map((f) => f.attachmentId)).toEqual(first.files.map((f) => f.attachmentId));
	});

	it('refuses what is not LEAP2A, DTDs (entity bombs) and empty feeds with a reason', async () => {
		const code = async (xml: string) => {
			try {
				await bundle(xml);
				return 'accepted';
			} catch (error) {
				return (error as ForeignFileError).code;
			}
		};
		expect(await code('<feed><entry>')).toBe('notXml');
		expect(await code('<html xmlns="http://www.w3.org/1999/xhtml"/>')).toBe('notLeap2a');
		expect(
			await code(
				'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><feed xmlns="http://www.w3.org/2005/Atom">&lol2;</feed>'
			)
		).toBe('doctype');
		expect(await code('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')).toBe(
			'empty'
		);
	});
});
