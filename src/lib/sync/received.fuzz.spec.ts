import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { ShareContentSchema, type ShareContent } from '$lib/domain/share/content';
import { projectItems } from '$lib/domain/share/projection';
import { parseShareFile, formatShareFile } from '$lib/domain/share/file';
import { formatShareLink, parseShareUrl } from '$lib/domain/share/links';
import { ReplyError, type Feedback } from '$lib/domain/share/responses';
import {
	makeActivity,
	makeEvidence,
	makeGoal,
	makeReflection,
	makeRegister
} from '$lib/testing/factories';
import { FUZZ, FuzzTally, mutatedBytes, mutatedJson } from '$lib/testing/hostile';
import {
	openReply,
	openShareFile,
	openSnapshot,
	sealReply,
	sealShareFile,
	sealSnapshot
} from './received';
import { randomSecret, seal, SealError } from './sealed';

const register = makeRegister({ id: 'r1' });
const content: ShareContent = {
	meta: {
		version: 1,
		shareId: 's1',
		title: 'Voor mijn coach',
		owner: 'Sam',
		publishedAt: '2026-01-01'
	},
	items: projectItems(
		{ kind: 'all', registerIds: ['r1'] },
		{
			goals: [makeGoal({ id: 'g1' })],
			evidence: [makeEvidence({ id: 'e1', goalIds: ['g1'] })],
			reflections: [makeReflection({ id: 'f1', subjectId: 'g1' })],
			attachments: [{ ownerId: 'e1', name: 'talk.mp4', size: 10, type: 'video/mp4' }],
			questions: [{ id: 'q1', itemId: 'e1', text: 'Genoeg?', updatedAt: '2026-01-01' }],
			registers: [register],
			peActivities: [makeActivity('r1', 4, '2026-01-05')]
		},
		'2026-06-01'
	)
};
const feedback: Feedback = {
	kind: 'feedback',
	id: 'fb1',
	itemId: 'e1',
	parentId: null,
	author: 'Coach',
	role: 'Mentor',
	text: 'Goed gedaan',
	createdAt: '2026-02-01T10:00:00Z'
};
const secret = randomSecret();
const origin = 'https://koers.example';
let snapLink = '';
let replyLink = '';
let shareFile = '';
const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

beforeAll(async () => {
	snapLink = formatShareLink(origin, {
		k: 'snap',
		i: 's1',
		s: secret,
		d: await sealSnapshot(content, secret)
	});
	replyLink = formatShareLink(origin, {
		k: 'reply',
		i: 's1',
		d: await sealReply([feedback], secret)
	});
	const payload = await sealShareFile(
		content,
		{ 'e1/talk.mp4': { type: 'video/mp4', data: 'AAEC' } },
		secret
	);
	shareFile = formatShareFile({ kind: 'share', shareId: 's1', payload });
});

/** A link's own refusals: not a link, not one that opens, or content that is not valid. */
function refusal(error: unknown): string {
	if (error instanceof SealError) return `seal:${error.reason}`;
	if (error instanceof ReplyError) return `reply:${error.reason}`;
	if (error instanceof Error && error.message === 'invalid-content') return 'invalid-content';
	throw error;
}

/** Content a coach is shown: valid, and every item once. */
function expectValid(shown: ShareContent) {
	expect(v.safeParse(ShareContentSchema, shown).success).toBe(true);
	expect(new Set(shown.items.map((i) => i.id)).size).toBe(shown.items.length);
}

/** Mutated text of a link, or the link to a sealed, mutated document. */
const linkInputs = (link: () => string, seal: (raw: unknown) => Promise<string>, doc: unknown) =>
	fc.oneof(
		fc.constant(null).chain(() => mutatedBytes([encode(link())]).map((b) => async () => decode(b))),
		mutatedJson([doc]).map((text) => async () => seal(JSON.parse(text)))
	);

async function fuzz(
	name: string,
	inputs: fc.Arbitrary<() => Promise<string>>,
	open: (text: string) => Promise<void>
) {
	const tally = new FuzzTally(name);
	await fc.assert(
		fc.asyncProperty(inputs, (make) =>
			tally.time(async () => {
				const text = await make();
				try {
					await open(text);
					tally.accepted++;
				} catch (error) {
					tally.refuse(refusal(error));
				}
			})
		),
		FUZZ
	);
	await tally.save();
	expect(tally.accepted + tally.refused).toBe(FUZZ.numRuns);
}

describe('links and files a coach or learner opens, fuzzed', () => {
	it(
		'snapshot links: refused with a reason, or valid content with each item once',
		() =>
			fuzz(
				'snapshot-link',
				linkInputs(
					() => snapLink,
					async (raw) =>
						formatShareLink(origin, {
							k: 'snap',
							i: 's1',
							s: secret,
							d: await sealSnapshot(raw as ShareContent, secret)
						}),
					content
				),
				async (text) => {
					const link = parseShareUrl(text);
					if (link?.k !== 'snap') throw new SealError('corrupt');
					expectValid(await openSnapshot(link));
				}
			),
		60_000
	);

	it(
		'reply links: refused saying why, or every response valid',
		() =>
			fuzz(
				'reply-link',
				linkInputs(
					() => replyLink,
					async (raw) =>
						formatShareLink(origin, { k: 'reply', i: 's1', d: await seal(raw, secret, 'reply') }),
					{ responses: [feedback, { ...feedback, id: 'fb2', parentId: 'fb1' }] }
				),
				async (text) => {
					const link = parseShareUrl(text);
					if (link?.k !== 'reply') throw new SealError('corrupt');
					const responses = await openReply(link.d, secret);
					expect(new Set(responses.map((r) => r.id)).size).toBe(responses.length);
				}
			),
		60_000
	);

	it(
		'share files: refused with a reason, or valid content with each item once',
		() =>
			fuzz(
				'share-file',
				linkInputs(
					() => shareFile,
					async (raw) => {
						const { content: c, media } = (raw ?? {}) as { content: ShareContent; media: never };
						const payload = await sealShareFile(c, media, secret);
						return formatShareFile({ kind: 'share', shareId: 's1', payload });
					},
					{ content, media: { 'e1/talk.mp4': { type: 'video/mp4', data: 'AAEC' } } }
				),
				async (text) => {
					const file = parseShareFile(text);
					if (!file) throw new SealError('corrupt');
					expectValid((await openShareFile(file.payload, secret)).content);
				}
			),
		60_000
	);
});
