import { base64urlnopad } from '@scure/base';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeLink, type ChainHead } from './chain';
import {
	envelopeHash,
	openContribution,
	sealContribution,
	type Envelope,
	type EnvelopeHeader
} from './envelope';
import { createIdentity, fingerprint, importPublicKey, type Identity } from './keys';
import { checkPin } from './pins';

const text = (s: string) => new TextEncoder().encode(s);
const header = (over: Partial<EnvelopeHeader> = {}): EnvelopeHeader => ({
	group: 'group-A',
	epoch: 1,
	author: 'anna',
	seq: 1,
	prev: '',
	...over
});

let anna: Identity;
let bram: Identity;
let annaEcdsa: Identity;

beforeAll(async () => {
	anna = await createIdentity();
	bram = await createIdentity();
	annaEcdsa = await createIdentity(['ECDSA-P256']);
});

describe('identity keys', () => {
	it('prefers Ed25519 and keeps the private key unexportable', async () => {
		expect(anna.alg).toBe('Ed25519');
		expect(anna.privateKey.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('pkcs8', anna.privateKey)).rejects.toThrow();
	});

	it('falls back to ECDSA P-256 where Ed25519 is missing', async () => {
		const fallback = await createIdentity(['Nope' as never, 'ECDSA-P256']);
		expect(fallback.alg).toBe('ECDSA-P256');
	});

	it('refuses public keys of the wrong shape', async () => {
		await expect(importPublicKey({ alg: 'Ed25519', publicRaw: 'AAAA' })).rejects.toThrow(
			'Not a valid public key'
		);
		await expect(importPublicKey({ alg: 'ECDSA-P256', publicRaw: anna.publicRaw })).rejects.toThrow(
			'Not a valid public key'
		);
		await expect(
			importPublicKey({ alg: 'RSA' as never, publicRaw: anna.publicRaw })
		).rejects.toThrow();
	});

	it('gives a fingerprint that differs per key and is stable', async () => {
		const a = await fingerprint(anna);
		expect(a).toMatch(/^\d{5} \d{5} \d{5} \d{5}$/);
		expect(await fingerprint(anna)).toBe(a);
		expect(await fingerprint(bram)).not.toBe(a);
	});
});

describe('signed contributions', () => {
	for (const alg of ['Ed25519', 'ECDSA-P256'] as const) {
		it(`opens what its author signed (${alg})`, async () => {
			const author = alg === 'Ed25519' ? anna : annaEcdsa;
			const envelope = await sealContribution(author, header(), text('my reflection'));
			const opened = await openContribution(envelope, author);
			expect(opened.ok).toBe(true);
			if (opened.ok) expect(new TextDecoder().decode(opened.payload)).toBe('my reflection');
		});
	}

	it("refuses a contribution signed by another member in this author's name", async () => {
		// Bram writes as Anna: the shape is fine, the signature is his.
		const forged = await sealContribution(bram, header({ author: 'anna' }), text('forged'));
		expect(await openContribution(forged, anna)).toEqual({ ok: false, reason: 'bad-signature' });
		// Positive control: the same envelope verifies against Bram's own key.
		expect((await openContribution(forged, bram)).ok).toBe(true);
	});

	it('refuses a contribution changed after signing, in any field', async () => {
		const envelope = await sealContribution(anna, header(), text('original'));
		const changes: Partial<Envelope>[] = [
			{ payload: base64urlnopad.encode(text('changed')) },
			{ group: 'group-B' },
			{ epoch: 2 },
			{ author: 'bram' },
			{ seq: 2 },
			{ prev: 'x' }
		];
		for (const change of changes) {
			const tampered = { ...envelope, ...change };
			expect(await openContribution(tampered, anna), JSON.stringify(change)).toEqual({
				ok: false,
				reason: 'bad-signature'
			});
		}
	});

	it('refuses malformed input without throwing', async () => {
		const envelope = await sealContribution(anna, header(), text('x'));
		const bad: unknown[] = [
			null,
			'text',
			{},
			{ ...envelope, v: 2 },
			{ ...envelope, extra: 1 },
			{ ...envelope, seq: 0 },
			{ ...envelope, seq: 1.5 },
			{ ...envelope, sig: 'not base64!' },
			{ ...envelope, payload: 'A' }
		];
		for (const input of bad) {
			expect(await openContribution(input, anna)).toEqual({ ok: false, reason: 'malformed' });
		}
		expect(await openContribution(envelope, { alg: 'Ed25519', publicRaw: 'AAAA' })).toEqual({
			ok: false,
			reason: 'bad-key'
		});
	});

	it('refuses payloads over the cap before signing', async () => {
		await expect(sealContribution(anna, header(), new Uint8Array(1024 * 1024 + 1))).rejects.toThrow(
			'too large'
		);
	});

	it('gives equal envelopes equal hashes and different ones different hashes', async () => {
		const one = await sealContribution(anna, header(), text('a'));
		const two = await sealContribution(
			anna,
			header({ seq: 2, prev: await envelopeHash(one) }),
			text('a')
		);
		expect(await envelopeHash(one)).toBe(await envelopeHash(structuredClone(one)));
		expect(await envelopeHash(two)).not.toBe(await envelopeHash(one));
	});
});

describe("an author's chain", () => {
	async function chainOf(n: number) {
		const links: { envelope: Envelope; hash: string }[] = [];
		for (let seq = 1; seq <= n; seq++) {
			const envelope = await sealContribution(
				anna,
				header({ seq, prev: links.at(-1)?.hash ?? '' }),
				text(`link ${seq}`)
			);
			links.push({ envelope, hash: await envelopeHash(envelope) });
		}
		return links;
	}

	it('accepts links in order, ignores replays, holds gaps and flags equivocation', async () => {
		const links = await chainOf(3);
		const applied = new Map<number, string>();
		let head: ChainHead | undefined;
		const judge = (i: number) =>
			judgeLink(
				head,
				{ seq: links[i]!.envelope.seq, prev: links[i]!.envelope.prev, hash: links[i]!.hash },
				(seq) => applied.get(seq)
			);
		const apply = (i: number) => {
			applied.set(links[i]!.envelope.seq, links[i]!.hash);
			head = { seq: links[i]!.envelope.seq, hash: links[i]!.hash };
		};

		expect(judge(1)).toEqual({ kind: 'gap', missingFrom: 1 });
		expect(judge(0)).toEqual({ kind: 'next' });
		apply(0);
		expect(judge(0)).toEqual({ kind: 'duplicate' });
		expect(judge(1)).toEqual({ kind: 'next' });
		apply(1);
		expect(judge(2)).toEqual({ kind: 'next' });

		// A second, different envelope for seq 2: signed by Anna, but not the one applied.
		const other = await sealContribution(
			anna,
			header({ seq: 2, prev: links[0]!.hash }),
			text('something else')
		);
		const otherHash = await envelopeHash(other);
		expect(
			judgeLink(head, { seq: 2, prev: other.prev, hash: otherHash }, (s) => applied.get(s))
		).toEqual({
			kind: 'equivocation'
		});
		// A third link that names a previous link we never applied.
		expect(judgeLink(head, { seq: 3, prev: otherHash, hash: 'h' }, (s) => applied.get(s))).toEqual({
			kind: 'equivocation'
		});
	});
});

describe('key pinning', () => {
	it('pins the first key, believes the same key and refuses another', () => {
		expect(checkPin(undefined, anna)).toEqual({ kind: 'new' });
		const pin = { id: 'anna', alg: anna.alg, publicRaw: anna.publicRaw, pinnedAt: '2026-12-02' };
		expect(checkPin(pin, { alg: anna.alg, publicRaw: anna.publicRaw })).toEqual({ kind: 'same' });
		expect(checkPin(pin, bram)).toEqual({ kind: 'conflict', pinned: pin });
		expect(checkPin(pin, { alg: 'ECDSA-P256', publicRaw: anna.publicRaw }).kind).toBe('conflict');
	});
});
