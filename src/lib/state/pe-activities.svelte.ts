import { attachmentsOf, type AttachmentChanges } from '$lib/db/attachments';
import { listGoals } from '$lib/db/goals';
import * as activities from '$lib/db/pe-activities';
import { listRegisters } from '$lib/db/registers';
import type { Attachment } from '$lib/domain/attachment';
import type { Goal } from '$lib/domain/goal';
import type { Credit, PeActivity, PeActivityFields } from '$lib/domain/pe/activity';
import type { Register } from '$lib/domain/pe/register';
import { actAndSay } from './action';
import { EditSession } from './edit-session.svelte';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

export type { AttachmentChanges } from '$lib/db/attachments';

/** What the activity form offers: the registers to credit and the goals to link. */
export class ActivityChoices {
	readonly registers = new LiveQuery(listRegisters);
	readonly goals = new LiveQuery(listGoals);

	/** The queries the form reads (for the error state in place). */
	get queries(): LiveQuery<unknown>[] {
		return [this.registers, this.goals];
	}

	/** Goals a new activity can serve: those not archived. */
	get activeGoals(): Goal[] | undefined {
		return this.goals.current?.filter((goal) => !goal.archivedAt);
	}
}

/** An activity being edited: the stored activity, its certificates and the form's choices. */
export class ActivityEdit extends ActivityChoices {
	readonly session: EditSession<PeActivity>;
	readonly attachments: LiveQuery<Attachment[]>;

	constructor(readonly id: string) {
		super();
		this.session = new EditSession(() => activities.getPeActivity(id));
		this.attachments = new LiveQuery(() => attachmentsOf(id));
	}

	override get queries(): LiveQuery<unknown>[] {
		return [this.session.query, this.attachments, ...super.queries];
	}
}

/** A credit with its register, for display. */
export interface RegisterCredit {
	register: Register;
	credit: Credit;
}

/** One activity's page: the activity, its certificates, credits and linked goals. */
export class ActivityView {
	readonly activity: LiveQuery<PeActivity | null>;
	readonly attachments: LiveQuery<Attachment[]>;
	readonly registers = new LiveQuery(listRegisters);
	readonly goals = new LiveQuery(listGoals);

	constructor(readonly id: string) {
		this.activity = new LiveQuery(() => activities.getPeActivity(id).then((a) => a ?? null));
		this.attachments = new LiveQuery(() => attachmentsOf(id));
	}

	/** The queries this page reads (for the error state in place). */
	get queries(): LiveQuery<unknown>[] {
		return [this.activity, this.attachments, this.registers, this.goals];
	}

	/** The activity's credits in registers that still exist. */
	get credits(): RegisterCredit[] {
		const registers = this.registers.current ?? [];
		return (this.activity.current?.credits ?? []).flatMap((credit) => {
			const register = registers.find((r) => r.id === credit.registerId);
			return register ? [{ register, credit }] : [];
		});
	}

	/** The goals the activity serves. */
	get linkedGoals(): Goal[] {
		const ids = this.activity.current?.goalIds ?? [];
		return this.goals.current?.filter((goal) => ids.includes(goal.id)) ?? [];
	}
}

/** Logs an activity with its certificates and says so; returns its id. */
export async function createActivity(
	fields: PeActivityFields,
	changes: AttachmentChanges
): Promise<string> {
	const activity = await activities.createPeActivity(fields, changes);
	toasts.show(t('common.saved'));
	return activity.id;
}

/**
 * Saves an edited activity (merged with changes made elsewhere) and its certificates, and says
 * so. False when the learner went back to the form from the conflict question.
 */
export async function saveActivity(
	session: EditSession<PeActivity>,
	fields: PeActivityFields,
	changes: AttachmentChanges
): Promise<boolean> {
	return session.saveAndSay((id, edit) => activities.updatePeActivity(id, fields, changes, edit));
}

/** Deletes an activity and its certificates; true when it is gone. */
export function deleteActivity(id: string): Promise<boolean> {
	return actAndSay(() => activities.deletePeActivity(id), 'pe.activityDeleted');
}
