import { tick } from 'svelte';
import * as v from 'valibot';
import { fieldErrors } from '$lib/domain/validation';
import type { MessageId } from '$lib/i18n';
import { failureMessage } from './action';
import { Draft } from './draft.svelte';
import { t } from './locale.svelte';

/** The first message per path inside a field (`categories.0.min`), for errors in lists. */
function nestedErrors(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of issues) {
		const path = v.getDotPath(issue);
		if (path?.includes('.'))
			errors[path] ??= issue.message.startsWith('error.') ? issue.message : 'error.invalid';
	}
	return errors;
}

/** What a form needs: where its draft lives, where it starts, how to check it and save it. */
export interface FormOptions<Input extends Record<string, unknown>, Output> {
	/** Names the draft (e.g. `goal:new`, `goal:<id>`); the input survives a reload under it. */
	draftKey: string;
	/** Prefix of the field ids (`goal` → `goal-title`), so the first error can take focus. */
	idPrefix: string;
	initial: Input;
	/** Parses the input; its issues become the field errors. */
	schema: v.GenericSchema<Input, Output>;
	/**
	 * Saves the parsed output. Resolve with a message id to show a form-level error and keep the
	 * input (e.g. storage full); throw for the unexpected (the form shows what went wrong).
	 */
	save: (output: Output) => Promise<MessageId | void>;
	/** After cancel (the draft is already cleared). */
	cancel?: () => void;
	/**
	 * Errors about the input as a whole, not one field (a reflection's `steps`: "write something
	 * in at least one step"): their message becomes the form's message.
	 */
	wholeFormErrors?: readonly string[];
}

/**
 * One form: its draft (kept after the first change), the schema parse, field errors with the
 * first one focused, no double submit, cancel. Create it during component set-up.
 */
export class Form<Input extends Record<string, unknown>, Output = Input> {
	readonly draft: Draft<Input>;
	#options: FormOptions<Input, Output>;
	#errors = $state.raw<Record<string, string>>({});
	#nested = $state.raw<Record<string, string>>({});
	#failure = $state.raw<string | undefined>(undefined);
	#saving = $state(false);

	constructor(options: FormOptions<Input, Output>) {
		this.#options = options;
		this.draft = new Draft<Input>(options.draftKey, options.initial);
	}

	/** The input, bound to the fields. */
	get value(): Input {
		return this.draft.value;
	}

	/** True while the save runs (the submit button is disabled). */
	get saving(): boolean {
		return this.#saving;
	}

	/** Message ids by field, from the last submit. */
	get errors(): Readonly<Record<string, string>> {
		return this.#errors;
	}

	/** The translated error of one field, if any. */
	error = (field: string): string | undefined => {
		const id = this.#errors[field];
		return id ? t(id as MessageId) : undefined;
	};

	/** The translated error at a path inside a list field (e.g. `categories.0.min`), if any. */
	errorAt = (path: string): string | undefined => {
		const id = this.#nested[path];
		return id ? t(id as MessageId) : undefined;
	};

	/** The form-level message: some fields need attention, or why the save failed. */
	get failure(): string | undefined {
		if (this.#failure) return this.#failure;
		const whole = this.#options.wholeFormErrors?.find((key) => this.#errors[key]);
		if (whole) return t(this.#errors[whole] as MessageId);
		return Object.keys(this.#errors).length > 0 ? t('error.formInvalid') : undefined;
	}

	/** Marks fields invalid from outside the schema (e.g. a rule that needs stored data). */
	async reject(errors: Record<string, MessageId>): Promise<void> {
		this.#errors = errors;
		this.#nested = {};
		await this.#focusFirstError();
	}

	/** Validates and saves; a second submit while saving is ignored. */
	submit = async (event?: SubmitEvent): Promise<void> => {
		event?.preventDefault();
		if (this.#saving) return;
		this.#failure = undefined;
		const result = v.safeParse(this.#options.schema, $state.snapshot(this.value) as Input);
		if (!result.success) {
			this.#errors = fieldErrors(result.issues);
			this.#nested = nestedErrors(result.issues);
			await this.#focusFirstError();
			return;
		}
		this.#errors = {};
		this.#nested = {};
		this.#saving = true;
		try {
			const refused = await this.#options.save(result.output);
			if (refused) this.#failure = t(refused);
			else this.draft.clear();
		} catch (error) {
			console.error(error);
			this.#failure = failureMessage(error);
		} finally {
			this.#saving = false;
		}
	};

	/** Throws the input away and leaves. */
	cancel = (): void => {
		this.draft.clear();
		this.#options.cancel?.();
	};

	async #focusFirstError(): Promise<void> {
		await tick();
		const first = Object.keys(this.#errors)[0];
		// Inside a list the first wrong cell takes focus (`register-categories-0-min`).
		const inner = Object.keys(this.#nested).find((path) => path.startsWith(`${first}.`));
		const id = (path: string) => `${this.#options.idPrefix}-${path.replaceAll('.', '-')}`;
		const field =
			first &&
			((inner && document.getElementById(id(inner))) || document.getElementById(id(first)));
		if (field) field.focus();
		else document.querySelector<HTMLElement>('.form-error')?.focus();
	}
}
