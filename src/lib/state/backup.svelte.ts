import type { ByteProgress } from '$lib/db/files';
import { nowStamp } from '$lib/domain/dates';
import { REFLECTION_TEMPLATES, REFLECTION_TEMPLATE_NAMES } from '$lib/domain/reflection';
import { ACTIVITY_TYPES } from '$lib/domain/pe/vocab';
import { PATH_BLOCKS } from '$lib/domain/path';
import { EVIDENCE_FORMATS, GOAL_STATUSES } from '$lib/domain/vocab';
import type { ForeignFileError } from '$lib/domain/foreign/bundle';
import type { BadgeLabels } from '$lib/domain/foreign/badges';
import type { ImportProblem, LongWork, OpenedBackup } from '$lib/export/backup-zip';
import type { OpenedForeign } from '$lib/export/foreign-import';
import type { MessageId } from '$lib/i18n';
import { locale, t } from './locale.svelte';

/** The viewer's words in the learner's language. */
function viewerLabels(keys: readonly string[]): Record<string, string> {
	const all = [
		...keys,
		...GOAL_STATUSES.map((s) => `status.${s}`),
		...EVIDENCE_FORMATS.map((f) => `format.${f}`),
		...ACTIVITY_TYPES.map((a) => `pe.type.${a}`),
		...PATH_BLOCKS.map((b) => `path.block.${b}`),
		...REFLECTION_TEMPLATE_NAMES.flatMap((name) => [
			`template.${name}`,
			...REFLECTION_TEMPLATES[name].map((step) => `step.${name}.${step}`)
		])
	];
	return Object.fromEntries(all.map((key) => [key, t(key as MessageId)]));
}

/** A file name such as "koers-backup-2026-11-22.zip". */
function backupName(): string {
	const now = nowStamp();
	return `koers-backup-${now.slice(0, 10)}.zip`;
}

/** The message for a refused backup file. */
export function importProblemMessage(problem: ImportProblem): string {
	switch (problem.kind) {
		case 'newerVersion':
			return t('data.import.newerVersion', { version: problem.version });
		case 'invalid':
			return t('data.import.invalid', { where: problem.where });
		case 'missingFile':
		case 'damagedFile':
			return t(`data.import.${problem.kind}`, { file: problem.sha256.slice(0, 12) });
		default:
			return t(`data.import.${problem.kind}`);
	}
}

/** A long step with progress, a way to cancel it, and the message when it failed. */
class LongStep {
	progress = $state<ByteProgress>();
	error = $state<string>();
	#controller: AbortController | undefined;

	get busy(): boolean {
		return this.progress !== undefined;
	}

	protected async track<T>(
		work: (signal: AbortSignal, onProgress: (p: ByteProgress) => void) => Promise<T>
	): Promise<T | undefined> {
		this.#controller = new AbortController();
		this.progress = { done: 0, total: 0 };
		this.error = undefined;
		try {
			return await work(this.#controller.signal, (p) => (this.progress = p));
		} catch (error) {
			this.error = await this.explain(error);
			return undefined;
		} finally {
			this.progress = undefined;
		}
	}

	protected async explain(error: unknown): Promise<string> {
		if ((error as Error | null)?.name === 'AbortError') return t('error.cancelled');
		const { ImportError } = await import('$lib/export/backup-zip');
		if (error instanceof ImportError) return importProblemMessage(error.problem);
		if ((error as Error | null)?.name === 'ForeignFileError') {
			const { code, detail } = error as ForeignFileError;
			return t(`foreign.error.${code}`, { detail });
		}
		if ((error as Error | null)?.name === 'QuotaExceededError') return t('error.storageFull');
		return t('data.failed', { reason: String((error as Error | null)?.message ?? error) });
	}

	cancel(): void {
		this.#controller?.abort();
	}
}

/** Exporting everything as one backup file. */
export class BackupExport extends LongStep {
	/** What the last finished export held. */
	done = $state<{ records: number; files: number; bytes: number; name: string }>();

	async run(): Promise<void> {
		this.done = undefined;
		await this.track(async (signal, onProgress) => {
			const [
				{ exportBackup },
				{ viewerHtml, viewerMarkdown, VIEWER_KEYS },
				{ downloadTarget, removeExports, EXPORT_KEPT_MS },
				db,
				download
			] = await Promise.all([
				import('$lib/export/backup-zip'),
				import('$lib/export/viewer'),
				import('$lib/export/save-target'),
				import('$lib/db/backup-reminder'),
				import('$lib/export/download')
			]);
			const name = backupName();
			const target = await downloadTarget(name);
			const labels = viewerLabels(VIEWER_KEYS);
			const summary = await exportBackup(
				target.writable,
				async (backup) => {
					const { renderMarkdown } = await import('$lib/markdown/render');
					const html = await viewerMarkdown(backup, renderMarkdown);
					return viewerHtml(backup, labels, locale.current, html);
				},
				{ signal, onProgress }
			);
			download.downloadBlob(await target.file(), name);
			// The browser copies the file into the downloads meanwhile; then the copy here goes.
			setTimeout(() => void removeExports(), EXPORT_KEPT_MS);
			await db.markExported(nowStamp());
			this.done = { ...summary, name };
		});
	}
}

/** The badge's description in the learner's language. */
const badgeLabel: BadgeLabels = (key, values) => t(`foreign.badge.${key}` as MessageId, values);

/**
 * An import in two steps: the file is read and checked completely (nothing stored), the learner
 * sees what it would do, and only then it is written. Both steps show progress and can be
 * cancelled.
 */
export class PreviewedImport<T extends { close(): Promise<void> }> extends LongStep {
	opened = $state.raw<T>();
	checking = $state(false);
	imported = $state(false);

	constructor(
		private readonly read: (file: File, work: LongWork) => Promise<T>,
		private readonly write: (opened: T, work: LongWork) => Promise<void>
	) {
		super();
	}

	async choose(file: File | undefined): Promise<void> {
		await this.reset();
		if (!file) return;
		this.checking = true;
		try {
			this.opened = await this.track((signal, onProgress) =>
				this.read(file, { signal, onProgress })
			);
		} finally {
			this.checking = false;
		}
	}

	async confirm(): Promise<boolean> {
		const opened = this.opened;
		if (!opened) return false;
		await this.track((signal, onProgress) => this.write(opened, { signal, onProgress }));
		this.opened = undefined;
		this.imported = this.error === undefined;
		return this.imported;
	}

	async reset(): Promise<void> {
		await this.opened?.close();
		this.opened = undefined;
		this.error = undefined;
		this.imported = false;
	}
}

/** Restoring or merging a Koers backup. */
export function backupImport(): PreviewedImport<OpenedBackup> {
	return new PreviewedImport(
		async (file, work) => (await import('$lib/export/backup-zip')).openBackup(file, work),
		async (opened, work) => {
			const [{ importBackup }, { markRestoredFrom }] = await Promise.all([
				import('$lib/export/backup-zip'),
				import('$lib/db/backup-reminder')
			]);
			await importBackup(opened, work);
			await markRestoredFrom(opened.backup.exportedAt);
		}
	);
}

/** Bringing in work from another system: a LEAP2A export or an Open Badge. */
export function foreignImport(): PreviewedImport<OpenedForeign> {
	return new PreviewedImport(
		async (file) => {
			const [{ openForeign }, { htmlToMarkdown }] = await Promise.all([
				import('$lib/export/foreign-import'),
				import('$lib/markdown/from-html')
			]);
			return openForeign(file, { toMarkdown: htmlToMarkdown, badgeLabel });
		},
		async (opened, work) => (await import('$lib/export/foreign-import')).importForeign(opened, work)
	);
}
