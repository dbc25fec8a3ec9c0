import * as v from 'valibot';

const KEY = 'koers.reviewer';
const ReviewerSchema = v.object({
	name: v.pipe(v.string(), v.maxLength(100)),
	role: v.pipe(v.string(), v.maxLength(100))
});

/** The coach's or peer's name and role, remembered in this browser for their next feedback. */
class Reviewer {
	name = $state('');
	role = $state('');

	constructor() {
		if (typeof localStorage === 'undefined') return;
		const saved = v.safeParse(ReviewerSchema, JSON.parse(localStorage.getItem(KEY) ?? 'null'));
		if (saved.success) {
			this.name = saved.output.name;
			this.role = saved.output.role;
		}
	}

	/** Remembers the current name and role. */
	save(): void {
		localStorage.setItem(KEY, JSON.stringify({ name: this.name.trim(), role: this.role.trim() }));
	}
}

export const reviewer = new Reviewer();
