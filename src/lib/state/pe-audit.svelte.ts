import type { ByteProgress } from '$lib/db/files';
import { listPeActivities } from '$lib/db/pe-activities';
import { getRegister } from '$lib/db/registers';
import { toIsoDate } from '$lib/domain/dates';
import type { Credit, PeActivity } from '$lib/domain/pe/activity';
import { activitiesToCsv, categoriesToCsv } from '$lib/domain/pe/csv';
import { cycleAt, cycleByIndex, within, type Cycle } from '$lib/domain/pe/cycle';
import { registerProgress, type RegisterProgress } from '$lib/domain/pe/progress';
import type { Register } from '$lib/domain/pe/register';
import { downloadBlob } from '$lib/export/download';
import { safeFileName } from '$lib/export/file-names';
import { reportFailure } from './action';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/** An activity of the audited cycle with its credit in the register. */
export interface AuditRow {
	activity: PeActivity;
	credit: Credit;
}

const csvBlob = (csv: string) => new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });

/**
 * Packing a cycle's certificates into a ZIP, streamed to the same save target as the backup:
 * its progress and a way to stop it.
 */
export class CertificatesExport {
	progress = $state<ByteProgress>();
	#controller: AbortController | undefined;

	/** True while packing. */
	get busy(): boolean {
		return this.progress !== undefined;
	}

	/** Packs the certificates of `activities` and offers the ZIP as `name`; says when there are none. */
	async run(activities: readonly PeActivity[], name: string): Promise<void> {
		if (this.busy) return;
		const controller = (this.#controller = new AbortController());
		this.progress = { done: 0, total: 0 };
		try {
			const [{ zipCertificates }, { downloadTarget, removeExports, EXPORT_KEPT_MS }] =
				await Promise.all([
					import('$lib/export/certificates-zip'),
					import('$lib/export/save-target')
				]);
			let target: Awaited<ReturnType<typeof downloadTarget>> | undefined;
			const count = await zipCertificates(
				activities,
				async () => (target = await downloadTarget(name)).writable,
				{ signal: controller.signal, onProgress: (p) => (this.progress = p) }
			);
			if (count === 0 || !target) {
				toasts.show(t('pe.audit.noCertificates'));
				return;
			}
			downloadBlob(await target.file(), name);
			// The browser copies the file into the downloads meanwhile; then the copy here goes.
			setTimeout(() => void removeExports(), EXPORT_KEPT_MS);
		} catch (error) {
			// Stopped by the learner: nothing to report.
			if (!controller.signal.aborted) reportFailure(error);
		} finally {
			this.progress = undefined;
		}
	}

	/** Stops packing; no file is offered. */
	cancel(): void {
		this.#controller?.abort();
	}
}

/** A register's audit pack for one cycle: the report's figures and its downloads. */
export class AuditView {
	readonly register: LiveQuery<Register | null>;
	readonly activities = new LiveQuery(listPeActivities);
	readonly certificates = new CertificatesExport();
	readonly today = toIsoDate();
	#cycleIndex: () => number | undefined;

	/** `cycleIndex` reads the audited cycle (e.g. from the URL); undefined is the current one. */
	constructor(
		readonly id: string,
		cycleIndex: () => number | undefined = () => undefined
	) {
		this.register = new LiveQuery(() => getRegister(id).then((r) => r ?? null));
		this.#cycleIndex = cycleIndex;
	}

	/** The queries this page reads (for the error state in place). */
	get queries() {
		return [this.register, this.activities];
	}

	/** The audited cycle; undefined while loading. */
	get cycle(): Cycle | undefined {
		const r = this.register.current;
		if (!r) return undefined;
		const index = this.#cycleIndex();
		return index !== undefined
			? cycleByIndex(r.cycleStart, r.cycleYears, index)
			: cycleAt(r.cycleStart, r.cycleYears, this.today);
	}

	/** Progress in the audited cycle; null while loading. */
	get progress(): RegisterProgress | null {
		const r = this.register.current;
		const activities = this.activities.current;
		const cycle = this.cycle;
		return r && activities && cycle ? registerProgress(r, activities, this.today, cycle) : null;
	}

	/** The cycle's activities that count here, oldest first. */
	get rows(): AuditRow[] {
		const cycle = this.cycle;
		if (!cycle) return [];
		return (this.activities.current ?? [])
			.filter((a) => within(a.endDate, cycle))
			.flatMap((activity) => {
				const credit = activity.credits.find((c) => c.registerId === this.id);
				return credit ? [{ activity, credit }] : [];
			})
			.sort((a, b) => a.activity.endDate.localeCompare(b.activity.endDate));
	}

	/** "Register 2026-01-01": the start of every download's name. */
	get baseName(): string {
		const r = this.register.current;
		const cycle = this.cycle;
		return r && cycle ? safeFileName(`${r.name} ${cycle.start}`) : 'audit';
	}

	/** Offers the cycle's activities as a CSV. */
	downloadCsv = (): void => {
		const r = this.register.current;
		const activities = this.activities.current;
		const cycle = this.cycle;
		if (!r || !activities || !cycle) return;
		downloadBlob(csvBlob(activitiesToCsv(r, activities, cycle)), `${this.baseName}.csv`);
	};

	/** Offers counted, logged and rule per category as a CSV. */
	downloadCategoriesCsv = (): void => {
		const progress = this.progress;
		if (!progress) return;
		downloadBlob(csvBlob(categoriesToCsv(progress)), `${this.baseName} categories.csv`);
	};

	/** Packs the cycle's certificates into a ZIP (with progress and a stop). */
	downloadCertificates = (): Promise<void> =>
		this.certificates.run(
			this.rows.map((row) => row.activity),
			`${this.baseName} certificates.zip`
		);
}
