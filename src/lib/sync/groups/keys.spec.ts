import { describe, expect, it } from 'vitest';
import { randomSecret } from '../sealed';
import { createIdentity } from '$lib/domain/identity/keys';
import {
	checkProof,
	epochCommitment,
	groupRoom,
	handoverKey,
	openHandover,
	proofBytes,
	sealHandover,
	signProof,
	takeHandover
} from './keys';
import { linkMessages, messageBytes, readMessage, MAX_MESSAGE_BYTES } from './protocol';

describe('group keys', () => {
	it('a proof holds for its key and its very connection only', async () => {
		const [anna, bram] = await Promise.all([createIdentity(), createIdentity()]);
		const fields = { group: 'g', room: 'r', from: 'p1', to: 'p2', nonce: 'n', ecdh: 'e' };
		const sig = await signProof(anna, fields);
		expect(await checkProof(anna, sig, fields)).toBe(true);
		expect(await checkProof(bram, sig, fields)).toBe(false);
		expect(await checkProof(anna, sig, { ...fields, nonce: 'replayed' })).toBe(false);
		expect(await checkProof(anna, 'not base64!', fields)).toBe(false);
	});

	it('takes a hand-over only when it is the secret the creator committed to', async () => {
		const secret = randomSecret();
		const member = await handoverKey();
		const sealed = await sealHandover(member.publicRaw, secret);
		expect(await takeHandover(member.privateKey, sealed, await epochCommitment(secret))).toBe(
			secret
		);
		const other = await epochCommitment(randomSecret());
		expect(await takeHandover(member.privateKey, sealed, other)).toBeNull();
	});

	it('derives a room and room secret per epoch secret, distinct from the secret itself', async () => {
		const secret = randomSecret();
		const a = await groupRoom(secret);
		expect(a).toEqual(await groupRoom(secret));
		expect(a.room).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(a.roomSecret).not.toBe(secret);
		expect((await groupRoom(randomSecret())).room).not.toBe(a.room);
	});

	it('hands a secret only to the holder of the hand-over key, checkable against the commitment', async () => {
		const secret = randomSecret();
		const commitment = await epochCommitment(secret);
		const member = await handoverKey();
		const sealed = await sealHandover(member.publicRaw, secret);
		const opened = await openHandover(member.privateKey, sealed);
		expect(opened).toBe(secret);
		expect(await epochCommitment(opened!)).toBe(commitment);
		// Someone else's key (an eavesdropper with the old room secret) opens nothing.
		const other = await handoverKey();
		expect(await openHandover(other.privateKey, sealed)).toBeNull();
		// A changed ciphertext opens nothing.
		const flipped = { ...sealed, ct: (sealed.ct[0] === 'A' ? 'B' : 'A') + sealed.ct.slice(1) };
		expect(await openHandover(member.privateKey, flipped)).toBeNull();
	});

	it('binds a proof to group, room, both peers, the nonce and the hand-over key', () => {
		const base = { group: 'g', room: 'r', from: 'p1', to: 'p2', nonce: 'n', ecdh: 'e' };
		const bytes = new TextDecoder().decode(proofBytes(base));
		for (const key of Object.keys(base) as (keyof typeof base)[])
			expect(new TextDecoder().decode(proofBytes({ ...base, [key]: 'x' }))).not.toBe(bytes);
		// Length prefixes: moving a character between fields changes the bytes.
		expect(new TextDecoder().decode(proofBytes({ ...base, from: 'p1p', to: '2' }))).not.toBe(
			new TextDecoder().decode(proofBytes({ ...base, from: 'p1', to: 'p2' }))
		);
	});
});

describe('group protocol', () => {
	it('reads valid messages and ignores anything else', () => {
		const hello = {
			v: 1,
			t: 'hello',
			member: 'A'.repeat(22),
			epoch: 0,
			nonce: 'B'.repeat(22)
		} as const;
		expect(readMessage(messageBytes(hello))).toEqual(hello);
		const bad = [
			'not json',
			JSON.stringify({ ...hello, v: 2 }),
			JSON.stringify({ ...hello, extra: 1 }),
			JSON.stringify({ ...hello, epoch: -1 }),
			JSON.stringify({ v: 1, t: 'links', list: Array(501).fill(0) }),
			JSON.stringify({ v: 1, t: 'have', heads: { short: 1 } })
		];
		for (const text of bad) expect(readMessage(new TextEncoder().encode(text))).toBeNull();
		expect(readMessage(new Uint8Array(MAX_MESSAGE_BYTES + 1))).toBeNull();
		expect(readMessage(new Uint8Array([0xff, 0xfe]))).toBeNull();
	});

	it('splits many envelopes into bounded messages', () => {
		const envelopes = Array.from({ length: 1_200 }, (_, i) => ({ i }));
		const messages = linkMessages(envelopes);
		expect(messages.length).toBe(3);
		expect(messages.flatMap((m) => (m.t === 'links' ? m.list : []))).toEqual(envelopes);
	});
});
