import { beforeAll, describe, expect, it } from 'vitest';
import { stateTestSetup } from '$lib/testing/state.svelte';
import { FrameworkImport } from './framework-import.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

const csv = (text: string) => new File([text], 'kader.csv', { type: 'text/csv' });

describe('framework import', () => {
	it('adds a previewed file once, says so, and knows the same file again', async () => {
		const importer = new FrameworkImport();
		await importer.choose(csv('code,title,parent\nA,Samenwerken,\nA.1,Overleggen,A\n'));
		expect(importer.draft?.competencies).toHaveLength(2);
		const id = await importer.save();
		expect(id).toBeTruthy();
		expect(toasts.list.at(-1)?.text).toBe('Framework added');

		const again = new FrameworkImport();
		await again.choose(csv('code,title,parent\nA,Samenwerken,\nA.1,Overleggen,A\n'));
		expect(again.existing?.id).toBe(id);
		expect(again.unchanged).toBe(true);
		expect(await again.save()).toBe(id);
	});

	it('refuses a file whose rows do not form a tree, with the reason', async () => {
		const importer = new FrameworkImport();
		await importer.choose(csv('code,title,parent\nA,One,\nA.1,Two,Z\n'));
		expect(importer.draft).toBeUndefined();
		expect(importer.error).toContain('do not form a tree');
	});

	it('shows a file that cannot be read as an error instead of failing silently', async () => {
		const importer = new FrameworkImport();
		const unreadable = csv('x');
		unreadable.arrayBuffer = () => Promise.reject(new DOMException('gone', 'NotReadableError'));
		await importer.choose(unreadable);
		expect(importer.error).toContain('gone');
	});
});
