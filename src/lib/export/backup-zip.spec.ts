import { hex } from '@scure/base';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { readTables } from '$lib/db/backup';
import { readFile, storeChunks } from '$lib/db/files';
import { db, type ReceivedResponse } from '$lib/db/koers-db';
import { BACKUP_TABLE_NAMES, type BackupTables } from '$lib/domain/backup/manifest';
import { writes } from '$lib/domain/backup/merge';
import { GOAL_STATUSES, EVIDENCE_FORMATS } from '$lib/domain/vocab';
import { ACTIVITY_TYPES } from '$lib/domain/pe/vocab';
import { exampleFramework } from '$lib/domain/competency/examples';
import { emptyProfile } from '$lib/domain/profile';
import { makeEvidence, makeGoal, makeRegister } from '$lib/testing/factories';
import { exportBackup, importBackup, ImportError, openBackup } from './backup-zip';

/** Runs an export into memory and returns the ZIP. */
async function exportToBlob(): Promise<Blob> {
	const parts: Uint8Array[] = [];
	const sink = new WritableStream<Uint8Array>({ write: (chunk) => void parts.push(chunk) });
	await exportBackup(sink, () => '<!doctype html><title>viewer</title>');
	return new Blob(parts as BlobPart[], { type: 'application/zip' });
}

async function wipe(): Promise<void> {
	await Promise.all(db.tables.map((table) => table.clear()));
}

/** Everything a user would see: every record and the bytes of every file. */
async function snapshot() {
	const tables = await readTables();
	const sorted = Object.fromEntries(
		BACKUP_TABLE_NAMES.map((name) => [
			name,
			[...(tables[name] as { id: string }[])].sort((a, b) => a.id.localeCompare(b.id))
		])
	);
	const files: Record<string, number[]> = {};
	for (const a of tables.attachments) {
		files[a.sha256] = [...new Uint8Array(await (await readFile(a.sha256)).arrayBuffer())];
	}
	return { tables: sorted, files };
}

const stamp = fc
	.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
	.map((ms) => new Date(ms).toISOString());
const day = stamp.map((s) => s.slice(0, 10));
const words = fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' });

/** Generated portfolios with every kind of record, linked to each other, and small files. */
const portfolio = fc.record({
	goals: fc.uniqueArray(
		fc.record({ id: fc.uuid(), title: words, status: fc.constantFrom(...GOAL_STATUSES), stamp }),
		{ maxLength: 6, selector: (g) => g.id }
	),
	evidence: fc.uniqueArray(
		fc.record({
			id: fc.uuid(),
			title: words,
			body: fc.string({ maxLength: 300 }),
			format: fc.constantFrom(...EVIDENCE_FORMATS.filter((f) => f !== 'link')),
			date: day,
			files: fc.array(fc.uint8Array({ maxLength: 2_000 }), { maxLength: 2 })
		}),
		{ maxLength: 6, selector: (e) => e.id }
	),
	reflectionText: fc.array(fc.string({ maxLength: 200 }), { maxLength: 5 }),
	activities: fc.array(
		fc.record({ title: words, type: fc.constantFrom(...ACTIVITY_TYPES), points: fc.nat(40) }),
		{ maxLength: 4 }
	),
	// Feedback is stored as validated: trimmed and not empty.
	feedback: fc.array(
		words.map((w) => w.trim()).filter((w) => w.length > 0),
		{ maxLength: 3 }
	)
});
type Portfolio = typeof portfolio extends fc.Arbitrary<infer T> ? T : never;

async function store(p: Portfolio) {
	const goals = p.goals.map((g) =>
		makeGoal({ id: g.id, title: g.title, status: g.status, updatedAt: g.stamp, tags: ['t'] })
	);
	await db.goals.bulkAdd(goals);
	for (const [i, e] of p.evidence.entries()) {
		await db.evidence.add(
			makeEvidence({
				id: e.id,
				title: e.title,
				body: e.body,
				format: e.format,
				date: e.date,
				goalIds: goals.slice(0, i % 3).map((g) => g.id)
			})
		);
		for (const [j, bytes] of e.files.entries()) {
			const file = await storeChunks(
				'fixture',
				new Blob([bytes as BlobPart], { type: 'image/png' })
			);
			if (!(await db.files.get(file.sha256))) await db.files.add(file);
			await db.attachments.add({
				id: `${e.id}-${j}`,
				ownerKind: 'evidence',
				ownerId: e.id,
				name: `photo ${j}.png`,
				type: file.type,
				size: file.size,
				sha256: file.sha256,
				createdAt: '2026-01-01T00:00:00.000Z'
			});
		}
	}
	for (const [i, text] of p.reflectionText.entries()) {
		const subject = goals[i % Math.max(goals.length, 1)];
		if (!subject) break;
		await db.reflections.add({
			id: `r-${i}`,
			subjectKind: 'goal',
			subjectId: subject.id,
			date: '2026-03-01',
			template: 'free',
			steps: { text },
			createdAt: '2026-03-01T00:00:00.000Z',
			updatedAt: '2026-03-01T00:00:00.000Z'
		});
	}
	const register = makeRegister({ id: 'reg' });
	await db.registers.add(register);
	for (const [i, a] of p.activities.entries()) {
		await db.peActivities.add({
			id: `a-${i}`,
			title: a.title,
			type: a.type,
			provider: 'Provider',
			accreditationCode: '',
			startDate: '2026-01-10',
			endDate: '2026-01-10',
			hours: null,
			credits: [{ registerId: register.id, categoryId: null, points: a.points }],
			goalIds: [],
			reflection: '',
			createdAt: '2026-01-10T00:00:00.000Z',
			updatedAt: '2026-01-10T00:00:00.000Z'
		});
	}
	await db.frameworks.add({
		...exampleFramework('professional-skills', 'nl'),
		id: 'fw',
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z'
	});
	for (const [i, g] of goals.entries()) {
		await db.pathSteps.add({
			id: `step-${i}`,
			goalId: g.id,
			block: 'training',
			title: `Course for ${g.title}`,
			note: '',
			order: 0,
			doneAt: i % 2 ? '2026-02-01T00:00:00.000Z' : null,
			createdAt: '2026-01-01T00:00:00.000Z',
			updatedAt: '2026-01-01T00:00:00.000Z'
		});
		await db.competencyLinks.add({
			id: `${g.id}|fw|C1`,
			frameworkId: 'fw',
			competencyId: 'C1',
			competency: 'fw|C1',
			recordKind: 'goal',
			recordId: g.id,
			createdAt: '2026-01-01T00:00:00.000Z'
		});
	}
	await db.assessments.add({
		id: 'as-1',
		frameworkId: 'fw',
		competencyId: 'C1',
		competency: 'fw|C1',
		kind: 'self',
		date: '2026-03-01',
		levelId: 'l2',
		note: 'Getting there',
		createdAt: '2026-03-01T00:00:00.000Z',
		updatedAt: '2026-03-01T00:00:00.000Z'
	});
	await db.profile.put({ ...emptyProfile(), formats: ['vlog'], reflectionRhythm: 'weekly' });
	for (const [i, text] of p.feedback.entries()) {
		await db.responses.put({
			kind: 'feedback',
			id: `f-${i}`,
			itemId: goals[0]?.id ?? 'gone',
			parentId: null,
			author: 'Coach',
			role: 'coach',
			text,
			// Every other one is the learner's own note, at a moment of a video.
			...(i % 2 ? { at: i, mine: true } : {}),
			createdAt: '2026-04-01T00:00:00.000Z',
			shareId: i % 2 ? 'own' : 's-1',
			receivedAt: '2026-04-01T00:00:00.000Z',
			readAt: null
		} satisfies ReceivedResponse as ReceivedResponse);
	}
}

beforeEach(wipe);

describe('backup export and import', () => {
	it('export → delete everything → import gives the identical portfolio', async () => {
		await fc.assert(
			fc.asyncProperty(portfolio, async (p) => {
				await wipe();
				await store(p);
				const before = await snapshot();
				const zip = await exportToBlob();
				await wipe();
				const opened = await openBackup(zip);
				expect(opened.plan.goals.added).toHaveLength(p.goals.length);
				await importBackup(opened);
				expect(await snapshot()).toEqual(before);
			}),
			{ numRuns: 25 }
		);
		// 25 whole export/delete/import cycles: seconds of real work on a busy 2-core machine.
	}, 60_000);

	it('merges by id: importing twice changes nothing, newer local work is kept', async () => {
		const goal = makeGoal({ id: 'g1', title: 'Old title', updatedAt: '2026-01-01T00:00:00.000Z' });
		await db.goals.add(goal);
		const zip = await exportToBlob();

		const again = await openBackup(zip);
		expect(writes(again.plan)).toBe(0);
		expect(again.plan.goals.unchanged).toBe(1);
		await again.close();

		await db.goals.put({ ...goal, title: 'Newer title', updatedAt: '2026-05-01T00:00:00.000Z' });
		await db.goals.add(makeGoal({ id: 'g2', title: 'Only here' }));
		const opened = await openBackup(zip);
		expect(opened.plan.goals.keptNewer).toBe(1);
		await importBackup(opened);
		expect((await db.goals.get('g1'))?.title).toBe('Newer title');
		expect(await db.goals.count()).toBe(2);
	});

	it('replaces an older local record with the backup’s newer one', async () => {
		await db.goals.add(
			makeGoal({ id: 'g1', title: 'Newer', updatedAt: '2026-05-01T00:00:00.000Z' })
		);
		const zip = await exportToBlob();
		await db.goals.put(
			makeGoal({ id: 'g1', title: 'Older', updatedAt: '2026-01-01T00:00:00.000Z' })
		);
		const opened = await openBackup(zip);
		expect(opened.plan.goals.changed.map((g) => g.title)).toEqual(['Newer']);
		await importBackup(opened);
		expect((await db.goals.get('g1'))?.title).toBe('Newer');
	});
});

/** The problem a refused file gives. */
async function refusal(file: Blob, limits?: { manifestBytes: number }): Promise<string> {
	try {
		const opened = await openBackup(file, {}, limits);
		await importBackup(opened);
	} catch (error) {
		if (error instanceof ImportError) return error.problem.kind;
		throw error;
	}
	return 'accepted';
}

function zipOf(entries: Record<string, Uint8Array>, level: 0 | 6 = 6): Blob {
	return new Blob([zipSync(entries, { level }) as BlobPart]);
}

function manifest(overrides: Record<string, unknown> = {}, tables: Partial<BackupTables> = {}) {
	const empty = Object.fromEntries(BACKUP_TABLE_NAMES.map((name) => [name, []]));
	return strToU8(
		JSON.stringify({
			format: 'koers-backup',
			version: 1,
			exportedAt: '2026-01-01T00:00:00.000Z',
			tables: { ...empty, ...tables },
			files: [],
			...overrides
		})
	);
}

describe('refused backups leave the database unchanged', () => {
	beforeEach(async () => {
		await db.goals.add(makeGoal({ id: 'mine', title: 'Mine' }));
	});

	async function unchanged() {
		expect(await db.goals.count()).toBe(1);
		expect(await db.chunks.count()).toBe(0);
		expect(await db.files.count()).toBe(0);
	}

	it('refuses a file that is not a ZIP', async () => {
		expect(await refusal(new Blob(['hello, this is not a zip']))).toBe('notZip');
		await unchanged();
	});

	it('refuses a truncated backup', async () => {
		await db.evidence.add(makeEvidence({ id: 'e' }));
		const zip = await exportToBlob();
		await db.evidence.clear();
		expect(await refusal(zip.slice(0, zip.size - 40))).toBe('notZip');
		await unchanged();
	});

	it('refuses a ZIP without koers.json, and one with broken JSON', async () => {
		expect(await refusal(zipOf({ 'notes.txt': strToU8('hi') }))).toBe('notBackup');
		expect(await refusal(zipOf({ 'koers.json': strToU8('{"format": "koers-b') }))).toBe('notJson');
		await unchanged();
	});

	it('refuses a newer version and an invalid record, naming where', async () => {
		expect(await refusal(zipOf({ 'koers.json': manifest({ version: 2 }) }))).toBe('newerVersion');
		const bad = { ...makeGoal({ id: 'x' }), status: 'exploded' };
		const opened = openBackup(zipOf({ 'koers.json': manifest({}, { goals: [bad] as never }) }));
		await expect(opened).rejects.toMatchObject({
			problem: { kind: 'invalid', where: 'tables.goals.0.status' }
		});
		await unchanged();
	});

	it('refuses a file whose bytes do not match its SHA-256, also when that file is stored here', async () => {
		const bytes = strToU8('the real certificate');
		const digest = await crypto.subtle.digest('SHA-256', bytes);
		const sha256 = hex.encode(new Uint8Array(digest));
		const lying = strToU8('a forged certificate');
		const listed = { sha256, size: bytes.byteLength, type: 'application/pdf' };
		const forged = zipOf({
			'koers.json': manifest({ files: [listed] }),
			[`files/${sha256}`]: lying
		});
		// On a new device the preview is refused before it is offered.
		expect(await refusal(forged)).toBe('damagedFile');
		await unchanged();

		// Where the true file is already stored, the damaged backup is still named damaged.
		const upload = 'stored-before';
		const record = await storeChunks(upload, new Blob([bytes as BlobPart]));
		await db.files.add(record);
		await db.chunkLeases.clear();
		const checked: number[] = [];
		await expect(
			openBackup(forged, { onProgress: (p) => checked.push(p.done) })
		).rejects.toMatchObject({ problem: { kind: 'damagedFile', sha256 } });
		expect(checked.at(-1)).toBe(lying.byteLength);
		expect(await readFile(sha256).then((b) => b.text())).toBe('the real certificate');
	});

	it('refuses a zip bomb whose koers.json inflates past the limit, whatever its header says', async () => {
		const big = new Uint8Array(4 * 1024 * 1024).fill(32);
		big.set(manifest(), 0);
		const bomb = zipSync({ 'koers.json': big }, { level: 9 });
		expect(bomb.byteLength).toBeLessThan(50_000);
		// Lie about the size in both the local header and the central directory: claim 100 bytes.
		const view = new DataView(bomb.buffer);
		view.setUint32(22, 100, true);
		for (let i = bomb.byteLength - 22; i >= 0; i--) {
			if (view.getUint32(i, true) === 0x02014b50) {
				view.setUint32(i + 24, 100, true);
				break;
			}
		}
		const limits = { manifestBytes: 1024 * 1024 };
		expect(await refusal(new Blob([bomb as BlobPart]), limits)).toBe('tooLarge');
		// And with an honest header, the declared size alone is refused before inflating.
		const honest = zipSync({ 'koers.json': big }, { level: 9 });
		expect(await refusal(new Blob([honest as BlobPart]), limits)).toBe('tooLarge');
		await unchanged();
	});

	it('refuses a file whose bytes do not match their SHA-256, keeping none of them', async () => {
		const bytes = strToU8('the real photo');
		const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
		const sha256 = hex.encode(new Uint8Array(digest));
		const evidence = makeEvidence({ id: 'e1' });
		const attachment = {
			id: 'a1',
			ownerKind: 'evidence' as const,
			ownerId: 'e1',
			name: 'photo.png',
			type: 'image/png',
			size: bytes.length,
			sha256,
			createdAt: '2026-01-01T00:00:00.000Z'
		};
		const doc = manifest(
			{ files: [{ sha256, size: bytes.length, type: 'image/png' }] },
			{ evidence: [evidence], attachments: [attachment] }
		);
		const forged = strToU8('the fake photo');
		expect(await refusal(zipOf({ 'koers.json': doc, [`files/${sha256}`]: forged }, 0))).toBe(
			'damagedFile'
		);
		expect(await refusal(zipOf({ 'koers.json': doc }))).toBe('missingFile');
		await unchanged();
		expect(await db.evidence.count()).toBe(0);
	});
});
