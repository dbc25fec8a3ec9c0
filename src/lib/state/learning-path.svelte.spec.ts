import { beforeAll, describe, expect, it } from 'vitest';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { LearningPath } from './learning-path.svelte';

beforeAll(stateTestSetup);

const titles = (path: LearningPath) => (path.steps.current ?? []).map((s) => s.title);

describe('learning path', () => {
	it('adds steps in order, moves one up, and ticks it off', async () => {
		const path = new LearningPath(crypto.randomUUID());
		expect(await until(() => path.steps.current)).toEqual([]);
		await path.add({ block: 'eLearning', title: 'Module presentatietechniek', note: '' });
		await path.add({ block: 'practice', title: 'Oefenen in het werkoverleg', note: 'Maandag' });
		await until(
			() => titles(path),
			(t) => t.length === 2
		);
		const second = path.steps.current![1]!;
		await path.move(second.id, -1);
		expect(
			await until(
				() => titles(path),
				(t) => t[0] === second.title
			)
		).toEqual(['Oefenen in het werkoverleg', 'Module presentatietechniek']);
		await path.setDone(second.id, true);
		expect(
			await until(
				() => path.progress,
				(p) => p.done === 1
			)
		).toEqual({ done: 1, total: 2 });
		await path.setDone(second.id, false);
		expect(
			await until(
				() => path.progress,
				(p) => p.done === 0
			)
		).toEqual({ done: 0, total: 2 });
	});

	it('keeps each goal its own path and deletes a step', async () => {
		const a = new LearningPath(crypto.randomUUID());
		const b = new LearningPath(crypto.randomUUID());
		await a.add({ block: 'reading', title: 'Boek lezen', note: '' });
		const [step] = await until(
			() => a.steps.current ?? [],
			(s) => s.length === 1
		);
		expect(await until(() => b.steps.current)).toEqual([]);
		await a.remove(step!.id);
		expect(
			await until(
				() => a.steps.current,
				(s) => s?.length === 0
			)
		).toEqual([]);
	});
});
