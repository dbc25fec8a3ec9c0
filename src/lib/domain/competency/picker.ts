import {
	competencyKey,
	competencyLabel,
	inTreeOrder,
	type Competency,
	type Framework
} from './framework';

/** One competency in the link picker. */
export interface PickerRow {
	key: string;
	competency: Competency;
	label: string;
	depth: number;
}

/** One framework's part of the link picker. */
export interface PickerGroup {
	framework: Framework;
	/** How many of its competencies are linked now. */
	linked: number;
	rows: PickerRow[];
}

/** Lower case without accents, so "competentie" finds "Compétentie". */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The link picker's groups: one per framework, those with links first. Without a query a group
 * holds its whole tree, the competencies in `pinned` (linked when the picker opened) on top;
 * with a query it holds only the competencies whose code, title or description contains every
 * word of it, and groups without a match are left out. `pinned` is a snapshot, so a box that is
 * ticked does not move under the learner's hand.
 */
export function pickerGroups(
	frameworks: readonly Framework[],
	linked: ReadonlySet<string>,
	pinned: ReadonlySet<string>,
	query: string
): PickerGroup[] {
	const words = fold(query).split(/\s+/).filter(Boolean);
	const groups = frameworks.map((framework) => {
		const rows = inTreeOrder(framework.competencies).map(({ competency, depth }) => ({
			key: competencyKey(framework.id, competency.id),
			competency,
			label: competencyLabel(competency),
			depth
		}));
		const count = rows.filter((r) => linked.has(r.key)).length;
		if (words.length) {
			const found = rows.filter((r) => {
				const text = fold(`${r.label} ${r.competency.description}`);
				return words.every((w) => text.includes(w));
			});
			return { framework, linked: count, rows: found.map((r) => ({ ...r, depth: 0 })) };
		}
		const top = rows.filter((r) => pinned.has(r.key)).map((r) => ({ ...r, depth: 0 }));
		return { framework, linked: count, rows: [...top, ...rows.filter((r) => !pinned.has(r.key))] };
	});
	const shown = words.length ? groups.filter((g) => g.rows.length) : groups;
	const pinnedIn = (g: PickerGroup) => g.rows.some((r) => pinned.has(r.key));
	return shown.sort((a, b) => Number(pinnedIn(b)) - Number(pinnedIn(a)));
}
