import type { PeActivity } from './activity';

/** What a drafted compliance statement is made from. */
export interface StatementInput {
	locale: 'en' | 'nl';
	register: string;
	year: number;
	plan: string;
	goals: string[];
	activities: readonly PeActivity[];
}

/**
 * Drafts an output-based register's compliance statement from the year's plan, goals and
 * activities; the learner edits and signs it. Plain text, in the UI language.
 */
export function draftStatement(input: StatementInput): string {
	const nl = input.locale === 'nl';
	const lines: string[] = [
		nl
			? `Nalevingsverklaring permanente educatie ${input.year} – ${input.register}`
			: `Compliance statement, permanent education ${input.year} – ${input.register}`,
		'',
		nl
			? `Ik verklaar dat ik in ${input.year} heb voldaan aan de eisen voor permanente educatie: ik heb een persoonlijk ontwikkelplan opgesteld, leeractiviteiten uitgevoerd en daarop gereflecteerd.`
			: `I declare that in ${input.year} I met the permanent education requirements: I drew up a personal development plan, carried out learning activities and reflected on them.`,
		''
	];
	if (input.plan.trim()) lines.push(nl ? 'Plan:' : 'Plan:', input.plan.trim(), '');
	if (input.goals.length)
		lines.push(nl ? 'Leerdoelen:' : 'Learning goals:', ...input.goals.map((g) => `- ${g}`), '');
	if (input.activities.length) {
		lines.push(nl ? 'Activiteiten:' : 'Activities:');
		for (const a of input.activities)
			lines.push(
				`- ${a.endDate} ${a.title}${a.reflection.trim() ? '' : nl ? ' (reflectie ontbreekt)' : ' (reflection missing)'}`
			);
		lines.push('');
	}
	lines.push(nl ? 'Datum en handtekening:' : 'Date and signature:');
	return lines.join('\n');
}
