import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { saveProfile } from '$lib/db/profile';
import { emptyProfile } from '$lib/domain/profile';
import type { EvidenceFields } from '$lib/domain/evidence';
import { makeEvidence, makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import {
	createEvidence,
	deleteEvidence,
	EvidenceEdit,
	EvidenceList,
	EvidenceView,
	FormatSuggestions,
	NewEvidence,
	saveEvidence
} from './evidence.svelte';
import { FileSave } from './file-save.svelte';
import { StoredFile } from './stored-file.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

/** Evidence fields as the form hands them over. */
function fields(overrides: Partial<EvidenceFields> = {}): EvidenceFields {
	const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = makeEvidence(overrides);
	return rest;
}

const file = (name: string, text: string) => new File([text], name, { type: 'text/plain' });

describe('evidence actions and views', () => {
	it('creates evidence with a file and says so; its page shows the file, goal and bytes', async () => {
		const goal = makeGoal({ title: 'Presenteren' });
		await db.goals.add(goal);
		const id = await createEvidence(fields({ title: 'Talk', goalIds: [goal.id] }), {
			files: [file('notes.txt', 'slide one')]
		});
		expect(toasts.list.at(-1)?.text).toBe('Evidence saved');

		const view = new EvidenceView(id);
		expect((await until(() => view.evidence.current))?.title).toBe('Talk');
		const [attachment] = await until(
			() => view.attachments.current ?? [],
			(a) => a.length === 1
		);
		expect(attachment?.name).toBe('notes.txt');
		expect(
			(
				await until(
					() => view.linked,
					(l) => l.length > 0
				)
			).map((g) => g.title)
		).toEqual(['Presenteren']);

		const stored = new StoredFile(attachment!.sha256);
		const url = await until(() => stored.url);
		expect(await (await fetch(url!)).text()).toBe('slide one');
	});

	it('a save stopped while its files stream keeps nothing and says it was cancelled', async () => {
		const before = await db.evidence.count();
		const saving = new FileSave();
		const big = new File([new Uint8Array(3_000_000)], 'big.bin');
		const pending = saving.save([big], [], async (changes) => {
			await createEvidence(fields(), changes);
		});
		expect(saving.busy).toBe(true);
		saving.cancel();
		expect(await pending).toBe('error.cancelled');
		expect(saving.busy).toBe(false);
		expect(await db.evidence.count()).toBe(before);
	});

	it('a file whose bytes are gone says so instead of showing nothing forever', async () => {
		const stored = new StoredFile('0'.repeat(64));
		expect(await until(() => stored.failed, Boolean)).toBe(true);
	});

	it('saves an edit with a file removed, says so, and the page follows', async () => {
		const id = await createEvidence(fields({ title: 'Before' }), {
			files: [file('a.txt', 'a'), file('b.txt', 'b')]
		});
		const edit = new EvidenceEdit(id);
		const both = await until(
			() => edit.attachments.current,
			(a) => a?.length === 2
		);
		const first = both?.find((a) => a.name === 'a.txt');
		await until(() => edit.session.current);
		const saved = await saveEvidence(edit.session, fields({ title: 'After' }), {
			removeAttachmentIds: [first!.id]
		});
		expect(saved).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('Saved');
		const view = new EvidenceView(id);
		expect(
			(
				await until(
					() => view.evidence.current,
					(e) => e?.title === 'After'
				)
			)?.title
		).toBe('After');
		const left = await until(
			() => view.attachments.current,
			(a) => a?.length === 1
		);
		expect(left?.map((a) => a.name)).toEqual(['b.txt']);
	});

	it('offers archived goals only to evidence already linked to them', async () => {
		const archived = makeGoal({ title: 'Old goal', archivedAt: '2026-01-05T10:00:00.000Z' });
		const other = makeGoal({ title: 'Other old', archivedAt: '2026-01-05T10:00:00.000Z' });
		await db.goals.bulkAdd([archived, other]);
		const id = await createEvidence(fields({ goalIds: [archived.id] }), {});
		const edit = new EvidenceEdit(id);
		const choices = await until(
			() => edit.goalChoices,
			(c) => c !== undefined && edit.session.current !== undefined
		);
		const titles = choices!.map((g) => g.title);
		expect(titles).toContain('Old goal');
		expect(titles).not.toContain('Other old');
		const start = new NewEvidence(undefined);
		const open = await until(
			() => start.openGoals,
			(goals) => goals.length > 0
		);
		expect(open.map((g) => g.title)).not.toContain('Old goal');
	});

	it('deletes evidence with the reflections on it: the page reports it missing', async () => {
		const id = await createEvidence(fields({ title: 'Gone soon' }), {});
		const view = new EvidenceView(id);
		await until(() => view.evidence.current);
		expect(await deleteEvidence(id)).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('Evidence deleted');
		expect(
			await until(
				() => view.evidence.current,
				(e) => e === null
			)
		).toBeNull();
	});

	it('lists evidence of one format, newest first', async () => {
		await db.evidence.bulkAdd([
			makeEvidence({ title: 'Old vlog', format: 'vlog', date: '2026-03-01' }),
			makeEvidence({ title: 'New vlog', format: 'vlog', date: '2026-03-09' }),
			makeEvidence({ title: 'A photo', format: 'photo', date: '2026-03-05' })
		]);
		const list = new EvidenceList();
		list.format = 'vlog';
		const shown = await until(
			() => list.shown,
			(s) => s.length === 2
		);
		expect(shown.map((e) => e.title)).toEqual(['New vlog', 'Old vlog']);
	});
});

describe('a new piece of evidence', () => {
	it('starts linked to the goal it came from, in the goal’s first format', async () => {
		const goal = makeGoal({ formats: ['vlog', 'photo'] });
		await db.goals.add(goal);
		const start = new NewEvidence(goal.id);
		await until(() => start.ready, Boolean);
		expect(start.initial).toMatchObject({ format: 'vlog', goalIds: [goal.id] });
		const unknown = new NewEvidence('no-such-goal');
		await until(() => unknown.ready, Boolean);
		expect(unknown.initial.goalIds).toEqual([]);
	});

	it('starts from what another app shared: title, text, link and a file’s format', async () => {
		const clip = new File(['x'], 'clip.mp4', { type: 'video/mp4' });
		const start = new NewEvidence(undefined, async () => ({
			title: '',
			text: 'From my phone',
			url: 'https://example.org/x',
			blobs: [clip]
		}));
		expect(start.ready).toBe(false);
		await until(() => start.ready, Boolean);
		expect(start.initial).toMatchObject({
			title: 'clip.mp4',
			description: 'From my phone',
			url: 'https://example.org/x',
			format: 'vlog'
		});
		expect(start.shared?.blobs).toEqual([clip]);
	});

	it('a share that cannot be read becomes an error toast and an empty form', async () => {
		const start = new NewEvidence(undefined, () => Promise.reject(new Error('inbox broken')));
		await until(() => start.ready, Boolean);
		expect(start.shared).toBeNull();
		expect(toasts.list.at(-1)).toMatchObject({ tone: 'error' });
		expect(toasts.list.at(-1)?.text).toContain('inbox broken');
	});

	it('suggests the linked goal’s formats first, then the learner’s own, at most four', async () => {
		await saveProfile({ ...emptyProfile(), formats: ['audio', 'report', 'photo'] });
		const goal = makeGoal({ formats: ['vlog', 'report'] });
		const suggestions = new FormatSuggestions();
		const formats = await until(
			() => suggestions.for([goal], [goal.id]),
			(f) => f.length > 0
		);
		expect(formats).toEqual(['vlog', 'report', 'audio', 'photo']);
		expect(suggestions.for([goal], [])).toEqual(['audio', 'report', 'photo']);
	});
});
