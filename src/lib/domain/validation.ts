import * as v from 'valibot';

/** The first message per field of a failed parse; messages that are not ours become generic. */
export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of issues) {
		const key = v.getDotPath(issue) ?? 'form';
		const field = key.split('.')[0] ?? 'form';
		errors[field] ??= issue.message.startsWith('error.') ? issue.message : 'error.invalid';
	}
	return errors;
}
