import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createPeActivity } from '$lib/db/pe-activities';
import type { ByteProgress } from '$lib/db/files';
import type { PeActivity } from '$lib/domain/pe/activity';
import { makeActivity } from '$lib/testing/factories';
import { zipCertificates } from './certificates-zip';

/** Logs an activity with certificates and returns it as stored. */
async function withCertificates(title: string, endDate: string, files: [string, string][]) {
	const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = makeActivity('r', 1, endDate);
	return createPeActivity(
		{ ...fields, title },
		{ files: files.map(([name, text]) => new File([text], name)) }
	);
}

/** A sink that keeps what is written, and whether it was opened at all. */
function memorySink() {
	const parts: Uint8Array[] = [];
	const sink = {
		opened: false,
		open: async () => {
			sink.opened = true;
			return new WritableStream<Uint8Array>({ write: (chunk) => void parts.push(chunk) });
		},
		bytes: async () => new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer())
	};
	return sink;
}

describe('certificates ZIP', () => {
	let first: PeActivity;
	let second: PeActivity;

	it('streams every certificate into the sink under "date title - file", names made unique', async () => {
		first = await withCertificates('Wound care', '2026-03-10', [['certificate.pdf', 'one']]);
		second = await withCertificates('Wound care', '2026-03-10', [['certificate.pdf', 'two']]);
		const sink = memorySink();
		const progress: ByteProgress[] = [];
		const count = await zipCertificates([first, second], sink.open, {
			onProgress: (p) => progress.push(p)
		});
		expect(count).toBe(2);
		const zip = unzipSync(await sink.bytes());
		expect(Object.keys(zip).sort()).toEqual([
			'2026-03-10 Wound care - certificate (2).pdf',
			'2026-03-10 Wound care - certificate.pdf'
		]);
		expect(strFromU8(zip['2026-03-10 Wound care - certificate.pdf']!)).toBe('one');
		expect(progress.at(-1)).toEqual({ done: 6, total: 6 });
	});

	it('opens no file when there are no certificates', async () => {
		const sink = memorySink();
		const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = makeActivity('r', 1, '2026-01-01');
		const bare = await createPeActivity(fields);
		expect(await zipCertificates([bare], sink.open)).toBe(0);
		expect(sink.opened).toBe(false);
	});

	it('stops when cancelled', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(
			zipCertificates([first, second], memorySink().open, { signal: controller.signal })
		).rejects.toThrow();
	});
});
