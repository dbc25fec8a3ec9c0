import type { Attachment } from './attachment';
import type { Evidence } from './evidence';
import type { Goal } from './goal';
import type { Reflection } from './reflection';
import type { Feedback, ShareResponse, SignOff } from './share/responses';

/** What the learner chose to print. */
export interface PrintChoice {
	goalIds: readonly string[];
	evidence: boolean;
	reflections: boolean;
	feedback: boolean;
}

export interface PrintedEvidence {
	evidence: Evidence;
	files: Attachment[];
	reflections: Reflection[];
	feedback: (Feedback | SignOff)[];
}

export interface PrintedGoal {
	goal: Goal;
	evidence: PrintedEvidence[];
	reflections: Reflection[];
	feedback: (Feedback | SignOff)[];
}

interface Portfolio {
	goals: readonly Goal[];
	evidence: readonly Evidence[];
	attachments: readonly Attachment[];
	reflections: readonly Reflection[];
	responses: readonly ShareResponse[];
}

const byDate = <T extends { date: string }>(list: T[]) =>
	list.sort((a, b) => a.date.localeCompare(b.date));

/** Feedback and sign-offs on one item, in the order they were written. */
function responsesOn(responses: readonly ShareResponse[], id: string): (Feedback | SignOff)[] {
	return responses
		.filter(
			(r): r is Feedback | SignOff =>
				(r.kind === 'feedback' && r.itemId === id) || (r.kind === 'signOff' && r.goalId === id)
		)
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * The chosen goals in the order the learner keeps them, each with its evidence (oldest first,
 * with files), reflections and feedback, as far as the choice includes them.
 */
export function printSelection(portfolio: Portfolio, choice: PrintChoice): PrintedGoal[] {
	const chosen = new Set(choice.goalIds);
	const reflectionsOn = (id: string) =>
		choice.reflections ? byDate(portfolio.reflections.filter((r) => r.subjectId === id)) : [];
	const feedbackOn = (id: string) => (choice.feedback ? responsesOn(portfolio.responses, id) : []);
	return portfolio.goals
		.filter((goal) => chosen.has(goal.id))
		.map((goal) => ({
			goal,
			evidence: choice.evidence
				? byDate(portfolio.evidence.filter((e) => e.goalIds.includes(goal.id))).map((evidence) => ({
						evidence,
						files: portfolio.attachments.filter((a) => a.ownerId === evidence.id),
						reflections: reflectionsOn(evidence.id),
						feedback: feedbackOn(evidence.id)
					}))
				: [],
			reflections: reflectionsOn(goal.id),
			feedback: feedbackOn(goal.id)
		}));
}
