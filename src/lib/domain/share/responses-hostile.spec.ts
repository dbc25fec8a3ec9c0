import { describe, expect, it } from 'vitest';
import { readReply, ReplyError, replyProblem, validResponses, type Feedback } from './responses';

const feedback = (id: string, fields: Partial<Feedback> = {}): Feedback => ({
	kind: 'feedback',
	id,
	itemId: 'e1',
	parentId: null,
	author: 'Coach',
	role: '',
	text: 'Good work',
	createdAt: '2026-01-01T10:00:00Z',
	...fields
});

function refusal(raw: unknown) {
	try {
		readReply(raw);
		return 'accepted';
	} catch (error) {
		if (!(error instanceof ReplyError)) throw error;
		return replyProblem(error);
	}
}

describe('a reply', () => {
	it('is read whole when every response is valid', () => {
		expect(readReply({ responses: [feedback('a'), feedback('b')] })).toHaveLength(2);
	});

	it('is refused, naming the response and the field, when one response is invalid', () => {
		const reply = { responses: [feedback('a'), { ...feedback('b'), text: '' }] };
		expect(refusal(reply)).toEqual({
			id: 'share.error.replyInvalid',
			values: { number: 2, where: 'text' }
		});
		expect(refusal({ responses: [{ kind: 'feedback' }] })).toMatchObject({
			id: 'share.error.replyInvalid'
		});
	});

	it('is refused when it lists one response twice, or holds no list', () => {
		expect(refusal({ responses: [feedback('a'), feedback('a')] })).toEqual({
			id: 'share.error.replyDuplicate',
			values: { number: 2 }
		});
		expect(refusal({ responses: 'none' })).toEqual({
			id: 'share.error.replyMalformed',
			values: {}
		});
		expect(refusal(null)).toEqual({ id: 'share.error.replyMalformed', values: {} });
	});
});

describe('responses from a live share', () => {
	it('keep each id once', () => {
		const read = validResponses([feedback('a'), feedback('a', { text: 'Changed' })]);
		expect(read.map((r) => r.id)).toEqual(['a']);
	});
});
