import { describe, expect, it } from 'vitest';
import { deviceEntries, mergeDevices, withoutDevice, type DeviceGroup } from './group';
import { cleanDeviceName, DeviceNameSchema } from './names';
import { formatPairLink, parsePairFragment, parsePairText } from './pair-link';
import { decodeMessage, encodeMessage, encodeOpsMessage, MAX_MESSAGE_BYTES } from './protocol';
import { relativeTime } from './relative-time';
import * as v from 'valibot';

const SECRET = 'A'.repeat(42) + 'Q';
const ID_A = 'AAAAAAAAAAAAAAAAAAAAAA';
const ID_B = 'BBBBBBBBBBBBBBBBBBBBBB';
const ID_C = 'CCCCCCCCCCCCCCCCCCCCCC';

describe('pair links', () => {
	it('round-trips through the link, a pasted text and a bare fragment', () => {
		const url = formatPairLink('https://koers.example', { secret: SECRET, epoch: 3 });
		expect(url).toMatch(/^https:\/\/koers\.example\/settings\/devices#pair=/);
		expect(parsePairText(`  ${url} `)).toEqual({ ok: true, link: { secret: SECRET, epoch: 3 } });
		expect(parsePairFragment(url.slice(url.indexOf('#')))).toMatchObject({ ok: true });
	});

	it('refuses a changed character, a changed epoch, a missing check and other links', () => {
		const url = formatPairLink('https://k', { secret: SECRET, epoch: 0 });
		const hash = url.slice(url.indexOf('#'));
		// Positive control: the untouched link reads.
		expect(parsePairFragment(hash).ok).toBe(true);
		expect(parsePairFragment(hash.replace('pair=A', 'pair=B'))).toEqual({
			ok: false,
			reason: 'changed'
		});
		expect(parsePairFragment(hash.replace('e=0', 'e=1'))).toEqual({ ok: false, reason: 'changed' });
		expect(parsePairFragment(hash.replace(/&c=.*/, ''))).toEqual({ ok: false, reason: 'invalid' });
		expect(parsePairFragment(hash.replace('e=0', 'e=01'))).toMatchObject({ ok: false });
		expect(parsePairFragment('#k=live&r=x')).toEqual({ ok: false, reason: 'notPairLink' });
		expect(parsePairFragment('#pair=' + 'A'.repeat(400))).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe('device names', () => {
	it('cleans white space and control characters and bounds the length', () => {
		expect(cleanDeviceName('  My\u0000  phone\n ')).toBe('My phone');
		expect(v.safeParse(DeviceNameSchema, '   ').success).toBe(false);
		expect(v.safeParse(DeviceNameSchema, 'x'.repeat(41)).success).toBe(false);
		expect(v.parse(DeviceNameSchema, ' Laptop ')).toBe('Laptop');
	});
});

describe('protocol messages', () => {
	const hello = {
		t: 'hello' as const,
		device: ID_A,
		name: 'Phone',
		epoch: 0,
		vector: { [ID_A]: 12 },
		devices: [{ id: ID_B, name: 'Laptop' }]
	};

	it('round-trips each kind', () => {
		expect(decodeMessage(encodeMessage(hello))).toEqual({ ...hello, v: 1 });
		const ops = { t: 'ops' as const, batch: 1, ops: [{ x: 1 }], more: false, total: 1 };
		expect(decodeMessage(encodeMessage(ops))).toEqual({ ...ops, v: 1 });
		const ack = { t: 'ack' as const, batch: 1, vector: {}, refused: 0 };
		expect(decodeMessage(encodeMessage(ack))).toEqual({ ...ack, v: 1 });
		const rekey = { t: 'rekey' as const, device: ID_A, secret: SECRET, epoch: 1, devices: [] };
		expect(decodeMessage(encodeMessage(rekey))).toEqual({ ...rekey, v: 1 });
	});

	it('a hello says whether its device reads deflated messages; a field it does not know is dropped', () => {
		const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
		expect(decodeMessage(encodeMessage({ ...hello, deflate: true }))).toEqual({
			...hello,
			deflate: true,
			v: 1
		});
		expect(decodeMessage(bytes({ ...hello, v: 1, deflate: false }))).toEqual({
			...hello,
			deflate: false,
			v: 1
		});
		expect(decodeMessage(bytes({ ...hello, v: 1, deflate: 'yes' }))).toBeNull();
		// So a version before deflated messages reads a hello that offers them (and sends JSON).
		expect(decodeMessage(bytes({ ...hello, v: 1, brotli: true }))).toEqual({ ...hello, v: 1 });
	});

	it('an ops message from ops already in JSON reads as the same message', () => {
		const ops = [{ device: ID_A, seq: 1, value: 'é "quoted"' }, { x: [1, null] }];
		const head = { t: 'ops' as const, batch: 3, more: true, total: 9 };
		const decoded = decodeMessage(encodeOpsMessage(head, JSON.stringify(ops)));
		expect(decoded).toEqual({ ...head, ops, v: 1 });
		expect(decoded).toEqual(decodeMessage(encodeMessage({ ...head, ops })));
	});

	it('refuses what does not fit, without throwing', () => {
		const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
		expect(decodeMessage(bytes({ ...hello, v: 1 }))).not.toBeNull();
		for (const bad of [
			{ ...hello, v: 2 },
			{ ...hello, v: 1, device: 'x' },
			{ ...hello, v: 1, vector: { [ID_A]: -1 } },
			{ ...hello, v: 1, vector: { [ID_A]: 1.5 } },
			{ ...hello, v: 1, devices: Array(65).fill({ id: ID_B, name: 'x' }) },
			{ t: 'rekey', v: 1, device: ID_A, secret: 'short', epoch: 1, devices: [] },
			{ t: 'nope', v: 1 },
			null,
			'hello'
		])
			expect(decodeMessage(bytes(bad))).toBeNull();
		expect(decodeMessage(new Uint8Array([0xff, 0xfe, 0x00]))).toBeNull();
		expect(decodeMessage(new Uint8Array(MAX_MESSAGE_BYTES + 1))).toBeNull();
	});
});

describe('the device group', () => {
	const group: DeviceGroup = {
		secret: SECRET,
		epoch: 0,
		devices: [{ id: ID_B, name: 'Laptop', addedAt: 'x', lastSyncedAt: null, vector: {} }],
		removed: [],
		previous: null
	};

	it('adds devices a peer knows, lets a device name itself, never lists itself or a removed one', () => {
		const merged = mergeDevices(
			{ ...group, removed: ['DDDDDDDDDDDDDDDDDDDDDD'] },
			ID_A,
			{ device: ID_B, name: 'Work laptop' },
			[
				{ id: ID_A, name: 'Me' },
				{ id: ID_C, name: 'Tablet' },
				{ id: 'DDDDDDDDDDDDDDDDDDDDDD', name: 'Lost phone' }
			],
			'now'
		);
		expect(merged.devices.map((d) => [d.id, d.name])).toEqual([
			[ID_B, 'Work laptop'],
			[ID_C, 'Tablet']
		]);
	});

	it('removing a device moves to a new secret and epoch and keeps the old one', () => {
		const next = withoutDevice(group, ID_B, 'new');
		expect(next).toMatchObject({
			secret: 'new',
			epoch: 1,
			devices: [],
			removed: [ID_B],
			previous: { secret: SECRET, epoch: 0 }
		});
		expect(deviceEntries(group, { id: ID_A, name: 'Me' })).toEqual([
			{ id: ID_A, name: 'Me' },
			{ id: ID_B, name: 'Laptop' }
		]);
	});
});

describe('relative time', () => {
	const now = new Date('2026-12-02T10:00:00Z');
	it('says how long ago, in the locale', () => {
		expect(relativeTime('2026-12-02T09:59:50Z', now, 'en')).toBe('now');
		expect(relativeTime('2026-12-02T09:55:00Z', now, 'en')).toBe('5 minutes ago');
		expect(relativeTime('2026-12-01T10:00:00Z', now, 'en')).toBe('yesterday');
		expect(relativeTime('2026-12-02T07:00:00Z', now, 'nl')).toBe('3 uur geleden');
	});
});
