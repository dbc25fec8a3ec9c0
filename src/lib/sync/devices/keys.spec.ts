import { describe, expect, it } from 'vitest';
import { randomSecret } from '../sealed';
import { groupRoom } from './keys';

describe('group rooms', () => {
	it('derive the same room from the same secret, and unlinkable rooms from others', async () => {
		const secret = randomSecret();
		const a = await groupRoom(secret);
		expect(await groupRoom(secret)).toEqual(a);
		expect(a.room).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(new Set([a.room, a.secret, a.files, secret]).size).toBe(4);
		const b = await groupRoom(randomSecret());
		expect(b.room).not.toBe(a.room);
		expect(b.secret).not.toBe(a.secret);
	});

	it('refuses a secret that is not 32 bytes', async () => {
		await expect(groupRoom('AAAA')).rejects.toThrow();
	});
});
