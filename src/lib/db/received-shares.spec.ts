import { beforeEach, describe, expect, it } from 'vitest';
import type { ShareContent } from '$lib/domain/share/content';
import { db } from './koers-db';
import { getReceivedShare, rememberReceivedShare } from './received-shares';

beforeEach(async () => {
	await db.delete();
	await db.open();
});

describe('remembering a received share', () => {
	it('returns the record as it was before the visit, and notes the visit', async () => {
		expect(await rememberReceivedShare({ id: 'r', kind: 'live', secret: 's1', link: 'l1' })).toBe(
			undefined
		);
		const before = await rememberReceivedShare({ id: 'r', kind: 'live', secret: 's1', link: 'l1' });
		expect(before?.secret).toBe('s1');
		expect((await getReceivedShare('r'))?.lastVisitAt).toBeTruthy();
	});

	it('keeps the secret and link of a live share: another secret for its room is a wrong link', async () => {
		await rememberReceivedShare({ id: 'r', kind: 'live', secret: 'right', link: 'good' });
		await rememberReceivedShare({ id: 'r', kind: 'live', secret: 'wrong', link: 'bad' });
		expect(await getReceivedShare('r')).toMatchObject({ secret: 'right', link: 'good' });
	});

	it('keeps the content shown, with its title, in the same write', async () => {
		const seen = {
			meta: { title: 'For my mentor', owner: 'Sam' },
			items: []
		} as unknown as ShareContent;
		await rememberReceivedShare({ id: 'x', kind: 'snap', secret: 's', link: 'l' }, seen);
		expect(await getReceivedShare('x')).toMatchObject({
			title: 'For my mentor',
			owner: 'Sam',
			content: seen
		});
		// A later visit without content keeps what was seen.
		await rememberReceivedShare({ id: 'x', kind: 'snap', secret: 's', link: 'l' });
		expect((await getReceivedShare('x'))?.title).toBe('For my mentor');
	});

	it('takes the newest link of a snapshot (its content opened with that key)', async () => {
		await rememberReceivedShare({ id: 'x', kind: 'snap', secret: 'first', link: 'one' });
		await rememberReceivedShare({ id: 'x', kind: 'snap', secret: 'second', link: 'two' });
		expect(await getReceivedShare('x')).toMatchObject({ secret: 'second', link: 'two' });
	});
});
