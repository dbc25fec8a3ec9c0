// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ForeignFileError } from '$lib/domain/foreign/bundle';
import { BACKUP_FORMAT, BACKUP_VERSION, emptyTables } from '$lib/domain/backup/manifest';
import { ImportError, openBackup } from './backup-zip';
import { openForeign } from './foreign-import';

const leap2a = readFileSync('src/lib/domain/foreign/fixtures/leap2a.xml');
const png = new Uint8Array(70).map((_, i) => i);

/** A ZIP whose entries are stored as they are, so a byte of content can be found and changed. */
const stored = (entries: Record<string, Uint8Array>) =>
	zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level: 0 }]])));

/** Flips one bit of the first occurrence of `text` after the local header, keeping it readable. */
function damage(zip: Uint8Array, text: string): Uint8Array {
	const needle = strToU8(text);
	const out = zip.slice();
	for (let i = 30; i < out.length; i++) {
		if (needle.every((b, j) => out[i + j] === b)) {
			out[i] = out[i]! ^ 0x20;
			return out;
		}
	}
	throw new Error(`"${text}" is not in the ZIP`);
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
	try {
		await run();
		return 'accepted';
	} catch (error) {
		if (error instanceof ImportError) return error.problem.kind;
		if (error instanceof ForeignFileError) return error.code;
		throw error;
	}
}

const foreign = (zip: Uint8Array) =>
	openForeign(new File([zip as BlobPart], 'export.zip', { type: 'application/zip' }), {
		toMarkdown: async () => (html) => html,
		badgeLabel: (key) => key
	});

describe('ZIP entries are checked against their CRC-32', () => {
	it('refuses a backup whose koers.json had a byte changed (the JSON stays valid)', async () => {
		const manifest = JSON.stringify({
			format: BACKUP_FORMAT,
			version: BACKUP_VERSION,
			exportedAt: '2026-11-22T12:00:00.000Z',
			tables: emptyTables(),
			files: []
		});
		const zip = stored({ 'koers.json': strToU8(manifest) });
		await expect(refusal(async () => (await openBackup(new Blob([zip]))).close())).resolves.toBe(
			'accepted'
		);
		const damaged = damage(zip, 'exportedAt');
		await expect(refusal(() => openBackup(new Blob([damaged as BlobPart])))).resolves.toBe(
			'damaged'
		);
	});

	it('refuses a LEAP2A export whose leap2a.xml had a byte changed', async () => {
		const zip = stored({ 'leap2a.xml': leap2a, 'files/whiteboard-sbar.png': png });
		await expect(refusal(() => foreign(zip))).resolves.toBe('accepted');
		await expect(refusal(() => foreign(damage(zip, 'Overdracht')))).resolves.toBe('damaged');
	});

	it('fails the bytes of a damaged file in a LEAP2A export instead of passing them on', async () => {
		const marked = png.slice();
		marked.set(strToU8('MARK'), 10);
		const zip = damage(
			stored({ 'leap2a.xml': leap2a, 'files/whiteboard-sbar.png': marked }),
			'MARK'
		);
		const opened = await foreign(zip);
		const [file] = opened.bundle.files;
		const read = new Response(opened.source.open(file!.ref)).arrayBuffer();
		await expect(read).rejects.toThrow();
		await opened.close();
	});
});
