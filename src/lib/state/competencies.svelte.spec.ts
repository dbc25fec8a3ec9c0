import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyGoalForm, GoalFormSchema } from '$lib/domain/goal';
import { FrameworkFormSchema, emptyFrameworkForm } from '$lib/domain/competency/forms';
import { competencyKey } from '$lib/domain/competency/framework';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import {
	addExample,
	CompetencyView,
	createFramework,
	deleteFramework,
	deleteRating,
	editFramework,
	FrameworkList,
	FrameworkView,
	markMastered,
	rateCompetency,
	RecordCompetencies,
	saveFramework
} from './competencies.svelte';
import { createGoal } from './goals.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

/** An own framework: C with C1 and C2 under it, the default levels. */
const fields = (title: string, outline = 'C Communicatie\n  C1 Feedback geven\n  C2 Luisteren') =>
	v.parse(FrameworkFormSchema, { ...emptyFrameworkForm('en'), title, outline });

describe('framework actions and views', () => {
	it('creates a framework, says so, and the list shows it uncovered', async () => {
		const id = await createFramework(fields('Eigen kader'));
		expect(toasts.list.at(-1)?.text).toBe('Framework added');
		const list = new FrameworkList();
		const summary = await until(() => list.summaries.find((s) => s.framework.id === id));
		expect(summary?.coverage.total).toBe(3);
		expect(summary?.coverage.withEvidence).toBe(0);
	});

	it('adds an example once: its button then knows it is there', async () => {
		const list = new FrameworkList();
		await until(() => list.data.current);
		expect(list.isAdded('six-elements')).toBe(false);
		expect(await addExample('six-elements')).toBeTruthy();
		expect(await until(() => list.isAdded('six-elements'), Boolean)).toBe(true);
	});

	it('counts the entry check as mastered and hides it from the open ones', async () => {
		const id = await createFramework(fields('Kader met beheersing'));
		const view = new FrameworkView(id);
		const framework = await until(() => view.framework, Boolean);
		await markMastered(framework!, 'C1');
		expect(
			await until(
				() => view.summary.mastered,
				(n) => n === 1
			)
		).toBe(1);
		view.show = 'open';
		const open = await until(() => view.rows.map((r) => r.competency.id));
		expect(open).toEqual(['C', 'C2']);
	});

	it('records and deletes a self-assessment on the competency page', async () => {
		const id = await createFramework(fields('Kader met beoordeling'));
		const view = new CompetencyView(id, 'C2');
		const framework = await until(() => view.framework, Boolean);
		const level = framework!.levels[1]!;
		await rateCompetency(id, 'C2', { levelId: level.id, date: '2026-09-01', note: 'Eerste keer' });
		const [rating] = await until(
			() => view.selfRatings,
			(r) => r.length === 1
		);
		expect(view.levelName(rating!.levelId)).toBe(level.name);
		expect(view.points.map((p) => [p.date, p.level])).toEqual([['2026-09-01', 1]]);
		await deleteRating(rating!.id);
		expect(
			await until(
				() => view.selfRatings,
				(r) => r.length === 0
			)
		).toEqual([]);
	});

	it('reports a competency or framework that is not there as missing', async () => {
		const id = await createFramework(fields('Kader zonder C9'));
		const view = new CompetencyView(id, 'C9');
		expect(await until(() => view.missing, Boolean)).toBe(true);
	});

	it('links a goal to competencies and shows them as chips; the framework counts it planned', async () => {
		const id = await createFramework(fields('Kader met doel'));
		const goalId = await createGoal(v.parse(GoalFormSchema, { ...emptyGoalForm(), title: 'Doel' }));
		const record = new RecordCompetencies('goal', goalId);
		await until(() => record.data.current);
		await record.toggle(competencyKey(id, 'C1'), true);
		await until(
			() => record.chips,
			(c) => c.length === 1
		);
		await record.toggle(competencyKey(id, 'C2'), true);
		const chips = await until(
			() => record.chips,
			(c) => c.length === 2
		);
		expect(chips.map((c) => c.competency.id)).toEqual(['C1', 'C2']);
		const view = new FrameworkView(id);
		expect(
			await until(
				() => view.summary.planned,
				(n) => n === 2
			)
		).toBe(2);
		await record.toggle(competencyKey(id, 'C1'), false);
		expect(
			(
				await until(
					() => record.chips,
					(c) => c.length === 1
				)
			).map((c) => c.competency.id)
		).toEqual(['C2']);
	});

	it('saves an edit: a removed competency takes its rating with it', async () => {
		const id = await createFramework(fields('Kader om te bewerken'));
		await rateCompetency(id, 'C2', { levelId: 'l1', date: '2026-09-01', note: '' });
		const session = editFramework(id);
		await until(() => session.current, Boolean);
		const saved = await saveFramework(
			session,
			fields('Bewerkt kader', 'C Communicatie\n  C1 Feedback')
		);
		expect(saved).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('Saved');
		const view = new CompetencyView(id, 'C2');
		expect(await until(() => view.missing, Boolean)).toBe(true);
		expect(view.ratings).toEqual([]);
		expect(view.framework?.title).toBe('Bewerkt kader');
	});

	it('deletes a framework, says so, and its page reports it missing', async () => {
		const id = await createFramework(fields('Weg ermee'));
		const view = new FrameworkView(id);
		await until(() => view.framework, Boolean);
		expect(await deleteFramework(id)).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('Framework deleted');
		expect(
			await until(
				() => view.framework,
				(f) => f === null
			)
		).toBeNull();
	});
});
