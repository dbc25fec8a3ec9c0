import { describe, expect, it } from 'vitest';
import { createIdentity } from '../identity/keys';
import type { Pin } from '../identity/pins';
import { judgeResponses, signatureHolds, signResponse } from './response-signature';
import type { SignOff } from './responses';

const signOff: SignOff = {
	kind: 'signOff',
	id: 's1',
	goalId: 'g1',
	author: 'Marieke de Vries',
	role: 'Praktijkopleider',
	date: '2026-11-30',
	statement: 'Doel behaald: presenteert zelfstandig aan het team.',
	createdAt: '2026-11-30T10:00:00Z'
};

describe('a coach signs what they write back', () => {
	it('a signed sign-off verifies, and not once anything in it changed', async () => {
		const coach = await createIdentity();
		const signed = await signResponse(coach, 'share-1', signOff);
		expect(await signatureHolds('share-1', signed)).toBe(true);
		expect(await signatureHolds('share-1', { ...signed, statement: 'Doel niet behaald.' })).toBe(
			false
		);
		expect(await signatureHolds('share-1', { ...signed, author: 'Someone else' })).toBe(false);
		// Replayed into another share, it does not hold either.
		expect(await signatureHolds('share-2', signed)).toBe(false);
		expect(await signatureHolds('share-1', signOff)).toBe(false);
	});

	it('the first key of a coach is pinned; another key under that name is not theirs', async () => {
		const coach = await createIdentity();
		const impostor = await createIdentity();
		const pins = new Map<string, Pin>();
		const first = await signResponse(coach, 'share-1', signOff);
		const second = await signResponse(coach, 'share-1', { ...signOff, id: 's2' });
		const forged = await signResponse(impostor, 'share-1', { ...signOff, id: 's3' });
		const judged = await judgeResponses('share-1', [first, second, forged], pins, 'now');
		expect(judged.map((j) => [j.response.id, j.trust])).toEqual([
			['s1', 'signed'],
			['s2', 'signed'],
			['s3', 'otherKey']
		]);
		expect(pins.get('share-1|marieke de vries')?.publicRaw).toBe(coach.publicRaw);
	});

	it('a tampered signature is refused; an unsigned response is kept as unsigned', async () => {
		const coach = await createIdentity();
		const signed = await signResponse(coach, 'share-1', signOff);
		const tampered = { ...signed, id: 's9', statement: 'Changed after signing' };
		const judged = await judgeResponses(
			'share-1',
			[tampered, { ...signOff, id: 's8' }, signed],
			new Map(),
			'now'
		);
		expect(judged.map((j) => [j.response.id, j.trust])).toEqual([
			['s8', 'unsigned'],
			['s1', 'signed']
		]);
	});
});
