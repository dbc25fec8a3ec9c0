import type { Competency, Level } from './framework';

/**
 * The learner's own framework written as an outline: one competency per line, indented (two
 * spaces or a tab per step) under its parent, optionally starting with a code and " - ".
 *
 *     C Communication
 *       C1 Giving feedback - I give specific, kind feedback.
 *
 * A line is "code title - description" when its first word holds a digit or is a single
 * capital letter ("C1", "2.3", "A"), otherwise "title - description"; competencies without a
 * code get a number.
 */
export function parseOutline(text: string): { competencies: Competency[] } | { line: number } {
	const competencies: Competency[] = [];
	const stack: { depth: number; id: string }[] = [];
	const used = new Set<string>();
	const lines = text.split('\n');
	for (const [i, raw] of lines.entries()) {
		if (!raw.trim()) continue;
		const indent = raw.match(/^[ \t]*/)![0].replace(/\t/g, '  ').length;
		const depth = Math.floor(indent / 2);
		while (stack.length && stack[stack.length - 1]!.depth >= depth) stack.pop();
		if (depth > stack.length) return { line: i + 1 };
		const [head, ...rest] = raw.trim().split(' - ');
		const words = head!.trim().split(/\s+/);
		const hasCode = words.length > 1 && /\d|^[A-Z]$/.test(words[0]!) && words[0]!.length <= 50;
		const code = hasCode ? words[0]! : '';
		const title = (hasCode ? words.slice(1).join(' ') : head!.trim()).slice(0, 500);
		if (!title) return { line: i + 1 };
		let id = code || String(competencies.length + 1);
		while (used.has(id)) id = `${id}'`;
		used.add(id);
		competencies.push({
			id,
			code,
			title,
			description: rest.join(' - ').trim().slice(0, 5_000),
			parentId: stack[stack.length - 1]?.id ?? null
		});
		stack.push({ depth, id });
	}
	return { competencies };
}

/** A framework's competencies written back as an outline, for editing. */
export function toOutline(competencies: readonly Competency[]): string {
	const depthOf = new Map<string, number>();
	const children = new Map<string | null, Competency[]>();
	for (const c of competencies) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
	const lines: string[] = [];
	const walk = (parent: string | null, depth: number) => {
		for (const c of children.get(parent) ?? []) {
			depthOf.set(c.id, depth);
			const head = c.code ? `${c.code} ${c.title}` : c.title;
			lines.push(`${'  '.repeat(depth)}${head}${c.description ? ` - ${c.description}` : ''}`);
			walk(c.id, depth + 1);
		}
	};
	walk(null, 0);
	return lines.join('\n');
}

/** Levels written one per line as "name - description". */
export function parseLevels(text: string): Level[] {
	return text
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean)
		.slice(0, 10)
		.map((line, i) => {
			const [name, ...rest] = line.split(' - ');
			return {
				id: `l${i + 1}`,
				name: name!.trim().slice(0, 100),
				description: rest.join(' - ').trim().slice(0, 2_000)
			};
		});
}

export function toLevelLines(levels: readonly Level[]): string {
	return levels.map((l) => (l.description ? `${l.name} - ${l.description}` : l.name)).join('\n');
}
