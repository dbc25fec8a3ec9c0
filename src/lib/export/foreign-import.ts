import { isDamagedEntry, openZip, type Entry, type FileEntry } from './zip';
import { applyMerge, existingRecords } from '$lib/db/backup';
import { StorageFullError } from '$lib/db/files';
import { Upload } from '$lib/db/uploads';
import type { FileRecord } from '$lib/db/koers-db';
import type { Attachment } from '$lib/domain/attachment';
import * as v from 'valibot';
import { BACKUP_TABLES, emptyTables, type BackupTables } from '$lib/domain/backup/manifest';
import { planMerge, type MergePlan } from '$lib/domain/backup/merge';
import { nowStamp } from '$lib/domain/dates';
import {
	badgeToBundle,
	readBadge,
	type BadgeInfo,
	type BadgeLabels
} from '$lib/domain/foreign/badges';
import { decodedOrSelf, ForeignFileError, type ForeignBundle } from '$lib/domain/foreign/bundle';
import { leap2aToBundle, MAX_LEAP2A_BYTES, parseLeap2aXml } from '$lib/domain/foreign/leap2a';
import type { LongWork } from './backup-zip';

/** Where the bytes of a bundle's files come from, with their sizes. */
interface FileSource {
	size(ref: string): number;
	open(ref: string): ReadableStream<Uint8Array>;
}

/** Work from another system, read and checked, ready to preview and import. */
export interface OpenedForeign {
	kind: 'leap2a' | 'badge';
	bundle: ForeignBundle;
	badge: BadgeInfo | null;
	/** What the records would do here (files are counted separately). */
	plan: MergePlan;
	bytes: number;
	/** The file's name, to name the import if it is cut off. */
	name: string;
	source: FileSource;
	close: () => Promise<void>;
}

function tablesOf(bundle: ForeignBundle, attachments: Attachment[] = []): BackupTables {
	return {
		...emptyTables(),
		goals: bundle.goals,
		evidence: bundle.evidence,
		reflections: bundle.reflections,
		attachments
	};
}

/** The records made from a foreign file pass the same checks as a backup's, or none is kept. */
function validate(bundle: ForeignBundle): void {
	const tables = tablesOf(bundle);
	for (const name of ['goals', 'evidence', 'reflections'] as const) {
		for (const [i, record] of tables[name].entries()) {
			const result = v.safeParse(BACKUP_TABLES[name].schema, record);
			if (!result.success) {
				throw new ForeignFileError(
					'invalid',
					`${name}.${i}.${v.getDotPath(result.issues[0]) ?? ''}`
				);
			}
		}
	}
}

/** A path inside the export, relative to the LEAP2A file, without "./" or "..". */
function resolvePath(base: string, href: string): string | null {
	if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
	const parts = `${base}${href}`.split('/');
	const out: string[] = [];
	for (const part of parts) {
		if (part === '..') return null;
		if (part && part !== '.') out.push(decodedOrSelf(part));
	}
	return out.join('/');
}

async function openLeap2aZip(file: Blob, toMarkdown: (html: string) => string) {
	const reader = openZip(file);
	try {
		let entries: Entry[];
		try {
			entries = await reader.getEntries();
		} catch {
			throw new ForeignFileError('notZip');
		}
		const files = new Map(
			entries.filter((e): e is FileEntry => !e.directory).map((e) => [e.filename, e])
		);
		const xmlEntry = [...files.values()]
			.filter((e) => /(^|\/)leap2a\.xml$/i.test(e.filename))
			.sort((a, b) => a.filename.length - b.filename.length)[0];
		if (!xmlEntry) throw new ForeignFileError('notLeap2a');
		if (xmlEntry.uncompressedSize > MAX_LEAP2A_BYTES) throw new ForeignFileError('tooLarge');
		const pipe = new TransformStream<Uint8Array, Uint8Array>();
		const text = new Response(pipe.readable).text();
		text.catch(() => {});
		await xmlEntry.getData(pipe.writable).catch((error: unknown) => {
			throw new ForeignFileError(isDamagedEntry(error) ? 'damaged' : 'tooLarge', xmlEntry.filename);
		});
		const base = xmlEntry.filename.slice(0, xmlEntry.filename.lastIndexOf('/') + 1);
		const entryOf = (href: string) => {
			const path = resolvePath(base, href);
			return path === null ? undefined : files.get(path);
		};
		const bundle = await leap2aToBundle(parseLeap2aXml(await text), {
			toMarkdown,
			hasFile: (href) => entryOf(href) !== undefined,
			now: nowStamp()
		});
		const source: FileSource = {
			size: (ref) => entryOf(ref)?.uncompressedSize ?? 0,
			open: (ref) => {
				const pipe = new TransformStream<Uint8Array, Uint8Array>();
				entryOf(ref)!
					.getData(pipe.writable)
					.catch(() => {});
				return pipe.readable;
			}
		};
		return { bundle, source, close: () => reader.close() };
	} catch (error) {
		await reader.close();
		throw error;
	}
}

const BADGE_TYPES = /\.(png|svg|json|jws|jwt)$/i;

/**
 * Reads a file from another system: a LEAP2A export (the ZIP Mahara or Moodle writes, or the
 * bare leap2a.xml) or an Open Badge (JSON, JWS, or baked into a PNG or SVG). Nothing is stored.
 */
export async function openForeign(
	file: File,
	options: { toMarkdown: () => Promise<(html: string) => string>; badgeLabel: BadgeLabels }
): Promise<OpenedForeign> {
	let opened: Pick<OpenedForeign, 'kind' | 'bundle' | 'badge' | 'source' | 'close'>;
	const none: FileSource = { size: () => 0, open: () => new ReadableStream() };
	if (/\.zip$/i.test(file.name) || file.type === 'application/zip') {
		const leap = await openLeap2aZip(file, await options.toMarkdown());
		opened = { kind: 'leap2a', badge: null, ...leap };
	} else if (/\.xml$/i.test(file.name) || /xml/.test(file.type)) {
		if (file.size > MAX_LEAP2A_BYTES) throw new ForeignFileError('tooLarge');
		const bundle = await leap2aToBundle(parseLeap2aXml(await file.text()), {
			toMarkdown: await options.toMarkdown(),
			hasFile: () => false,
			now: nowStamp()
		});
		opened = { kind: 'leap2a', badge: null, bundle, source: none, close: async () => {} };
	} else if (BADGE_TYPES.test(file.name) || /^image\/(png|svg)/.test(file.type)) {
		const type = file.type || (/\.svg$/i.test(file.name) ? 'image/svg+xml' : '');
		const badge = await readBadge(new Uint8Array(await file.arrayBuffer()), type);
		const isImage = /^image\//.test(type) || /\.(png|svg)$/i.test(file.name);
		const bundle = await badgeToBundle(badge, {
			now: nowStamp(),
			label: options.badgeLabel,
			image: isImage ? { name: file.name, type: type || 'image/png' } : null
		});
		const source: FileSource = { size: () => file.size, open: () => file.stream() };
		opened = { kind: 'badge', badge, bundle, source, close: async () => {} };
	} else {
		throw new ForeignFileError('unsupported');
	}
	validate(opened.bundle);
	const plan = planMerge(await existingRecords(), tablesOf(opened.bundle));
	const bytes = opened.bundle.files.reduce((sum, f) => sum + opened.source.size(f.ref), 0);
	return { ...opened, plan, bytes, name: file.name };
}

/**
 * Stores the files of an opened import, then its records and attachments in one transaction,
 * merged by id like a backup. On failure or cancel, the stored bytes are removed again.
 */
export async function importForeign(opened: OpenedForeign, work: LongWork = {}): Promise<void> {
	const stored: FileRecord[] = [];
	const attachments: Attachment[] = [];
	let before = 0;
	const upload = await Upload.begin({ what: 'import', name: opened.name }, opened.bytes);
	try {
		for (const file of opened.bundle.files) {
			const size = opened.source.size(file.ref);
			let record: FileRecord;
			try {
				record = await upload.storeStream(opened.source.open(file.ref), size, file.type, {
					signal: work.signal,
					onProgress: ({ done }) => work.onProgress?.({ done: before + done, total: opened.bytes })
				});
			} catch (error) {
				if (error instanceof StorageFullError || (error as Error).name === 'AbortError')
					throw error;
				throw new ForeignFileError('damaged', file.name);
			}
			stored.push(record);
			before += size;
			attachments.push({
				id: file.attachmentId,
				ownerKind: 'evidence',
				ownerId: file.ownerId,
				name: file.name,
				type: record.type,
				size: record.size,
				sha256: record.sha256,
				createdAt: file.createdAt
			});
		}
		const plan = planMerge(await existingRecords(), tablesOf(opened.bundle, attachments));
		await applyMerge(plan, stored, upload);
	} finally {
		await upload.close();
		await opened.close();
	}
}
