import { describe, expect, it } from 'vitest';
import {
	fromBase64Url,
	keyCheck,
	randomSecret,
	seal,
	unseal,
	SealError,
	toBase64Url
} from './sealed';

describe('sealed payloads', () => {
	it('round-trips JSON and is unreadable without the secret', async () => {
		const secret = randomSecret();
		expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const value = { title: 'Feedback please', items: [1, 2, 3], text: 'é ✓' };
		const sealed = await seal(value, secret, 'snapshot');
		expect(sealed).not.toContain('Feedback');
		expect(await unseal(sealed, secret, 'snapshot')).toEqual(value);
		await expect(unseal(sealed, randomSecret(), 'snapshot')).rejects.toBeInstanceOf(SealError);
		await expect(unseal(sealed, secret, 'reply')).rejects.toBeInstanceOf(SealError);
	});

	it('refuses a tampered or truncated payload', async () => {
		const secret = randomSecret();
		const sealed = await seal({ a: 1 }, secret, 'reply');
		const flipped = sealed.slice(0, 20) + (sealed[20] === 'A' ? 'B' : 'A') + sealed.slice(21);
		await expect(unseal(flipped, secret, 'reply')).rejects.toMatchObject({ reason: 'corrupt' });
		await expect(unseal(sealed.slice(0, 30), secret, 'reply')).rejects.toBeInstanceOf(SealError);
		await expect(unseal('not*base64', secret, 'reply')).rejects.toBeInstanceOf(SealError);
	});

	it('refuses a payload that inflates past the cap (a compression bomb)', async () => {
		const secret = randomSecret();
		const sealed = await seal({ filler: 'a'.repeat(5_000_000) }, secret, 'file');
		expect(sealed.length).toBeLessThan(20_000);
		await expect(unseal(sealed, secret, 'file', 1_000_000)).rejects.toMatchObject({
			reason: 'tooLarge'
		});
	});

	it('encodes base64url without padding', () => {
		expect(toBase64Url(new Uint8Array([251, 255]))).toBe('-_8');
	});

	it('reads base64url as atob did, ignoring the unused bits of the last character', () => {
		expect(fromBase64Url('-_8')).toEqual(new Uint8Array([251, 255]));
		expect(fromBase64Url('B'.repeat(43))).toEqual(fromBase64Url('B'.repeat(42) + 'A'));
		expect(() => fromBase64Url('abcde')).toThrow(SealError);
		expect(() => fromBase64Url('a+b/')).toThrow(SealError);
	});

	it('derives a short key check that a changed character of the secret does not match', async () => {
		const secret = randomSecret();
		const check = await keyCheck(secret);
		expect(check).toMatch(/^[A-Za-z0-9_-]{8}$/);
		expect(await keyCheck(secret)).toBe(check);
		const changed = secret.slice(0, 5) + (secret[5] === 'A' ? 'B' : 'A') + secret.slice(6);
		expect(await keyCheck(changed)).not.toBe(check);
	});
});
