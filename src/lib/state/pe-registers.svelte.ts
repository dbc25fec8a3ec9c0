import { listGoals } from '$lib/db/goals';
import { listPeActivities } from '$lib/db/pe-activities';
import * as registers from '$lib/db/registers';
import { toIsoDate } from '$lib/domain/dates';
import { cycleByIndex, cyclesUntil, type Cycle } from '$lib/domain/pe/cycle';
import { registerProgress, type RegisterProgress } from '$lib/domain/pe/progress';
import type { OutputYear, Register, RegisterFields } from '$lib/domain/pe/register';
import { act, actAndSay } from './action';
import { EditSession } from './edit-session.svelte';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/** A cycle index from the URL (`?cycle=2`); undefined when absent or not a small whole number. */
export function cycleIndexParam(value: string | null): number | undefined {
	return value !== null && /^\d{1,3}$/.test(value) ? Number(value) : undefined;
}

/** The PE overview: every register and every activity. */
export class PeOverview {
	readonly registers = new LiveQuery(registers.listRegisters);
	readonly activities = new LiveQuery(listPeActivities);

	/** The queries this page reads (for the error state in place). */
	get queries() {
		return [this.registers, this.activities];
	}
}

/** One register's page: its cycles, the progress in the chosen one, its output years. */
export class RegisterView {
	readonly register: LiveQuery<Register | null>;
	readonly activities = new LiveQuery(listPeActivities);
	readonly goals = new LiveQuery(listGoals);
	readonly today = toIsoDate();
	#cycleIndex: () => number | undefined;

	/** `cycleIndex` reads the chosen cycle (e.g. from the URL); undefined is the current one. */
	constructor(
		readonly id: string,
		cycleIndex: () => number | undefined = () => undefined
	) {
		this.register = new LiveQuery(() => registers.getRegister(id).then((r) => r ?? null));
		this.#cycleIndex = cycleIndex;
	}

	/** The queries this page reads (for the error state in place). */
	get queries() {
		return [this.register, this.activities, this.goals];
	}

	/** Every cycle from the first up to the one running today. */
	get cycles(): Cycle[] {
		const r = this.register.current;
		return r ? cyclesUntil(r.cycleStart, r.cycleYears, this.today) : [];
	}

	/** The cycle asked for; undefined for the current one. */
	get cycle(): Cycle | undefined {
		const r = this.register.current;
		const index = this.#cycleIndex();
		return r && index !== undefined ? cycleByIndex(r.cycleStart, r.cycleYears, index) : undefined;
	}

	/** Progress of a points register in the chosen cycle; null while loading or output-based. */
	get progress(): RegisterProgress | null {
		return this.progressIn(this.cycle);
	}

	/** Progress in `cycle` (the current one when undefined); null while loading or output-based. */
	progressIn(cycle: Cycle | undefined): RegisterProgress | null {
		const r = this.register.current;
		const activities = this.activities.current;
		return r && activities && r.model === 'points'
			? registerProgress(r, activities, this.today, cycle)
			: null;
	}
}

/** A register being edited: the stored register and the merge base of the form. */
export function editRegister(id: string): EditSession<Register> {
	return new EditSession(() => registers.getRegister(id));
}

/** Adds a register and says so; returns its id. */
export async function createRegister(fields: RegisterFields): Promise<string> {
	const register = await registers.createRegister(fields);
	toasts.show(t('common.saved'));
	return register.id;
}

/**
 * Saves a register's edited rules, merged with changes made elsewhere, and says so. False when
 * the learner went back to the form from the conflict question (nothing was saved).
 */
export async function saveRegister(
	session: EditSession<Register>,
	fields: RegisterFields
): Promise<boolean> {
	return session.saveAndSay((id, edit) => registers.updateRegister(id, fields, edit));
}

/** Saves one year's plan and statement of an output-based register, and says so. */
export async function saveOutputYear(id: string, entry: OutputYear): Promise<void> {
	await act(async () => {
		await registers.saveOutputYear(id, entry);
		toasts.show(t('common.saved'));
	});
}

/** Deletes a register (activities stay, without their credits there); true when it is gone. */
export function deleteRegister(id: string): Promise<boolean> {
	return actAndSay(() => registers.deleteRegister(id), 'pe.registerDeleted');
}
