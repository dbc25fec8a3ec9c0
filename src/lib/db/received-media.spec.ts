import { beforeEach, describe, expect, it } from 'vitest';
import { db } from './koers-db';
import { keepReceivedFile, readReceivedFile, receivedFileHashes } from './received-media';
import { forgetReceivedShare, rememberReceivedShare } from './received-shares';
import { Upload } from './uploads';

beforeEach(async () => {
	await db.delete();
	await db.open();
});

async function fetched(recordId: string, text: string) {
	const upload = await Upload.fetch(recordId + text, { what: 'fetch', name: text }, text.length);
	const record = await upload.store(new Blob([text], { type: 'video/webm' }));
	await keepReceivedFile(recordId, record, upload);
	await upload.close();
	expect(await db.chunkLeases.count()).toBe(0);
	return record;
}

describe('media received from a live share', () => {
	it('is kept with its share and readable', async () => {
		await rememberReceivedShare({ id: 'room', kind: 'live', secret: 's', link: 'l' });
		const record = await fetched('room', 'a vlog');
		expect(await receivedFileHashes('room')).toEqual([record.sha256]);
		expect(await (await readReceivedFile('room', record.sha256))?.text()).toBe('a vlog');
		// Another share cannot read it through this one.
		expect(await readReceivedFile('other', record.sha256)).toBeNull();
	});

	it('goes, bytes and all, when the share is forgotten, unless something else still uses it', async () => {
		await rememberReceivedShare({ id: 'room', kind: 'live', secret: 's', link: 'l' });
		await rememberReceivedShare({ id: 'room2', kind: 'live', secret: 's', link: 'l' });
		const only = await fetched('room', 'only here');
		const both = await fetched('room', 'in two shares');
		await keepReceivedFile('room2', both);

		await forgetReceivedShare('room');
		expect(await db.files.get(only.sha256)).toBeUndefined();
		expect(await db.chunks.get(only.chunks[0]!)).toBeUndefined();
		expect(await (await readReceivedFile('room2', both.sha256))?.text()).toBe('in two shares');
	});
});
