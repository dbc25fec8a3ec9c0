// Two signaling nodes on one real redis-server form one relay: a learner on node A and a coach
// on node B share live; node A is killed; the learner's app reconnects (to B) and a coach who
// arrives afterwards still finds the learner, through B alone.
import { expect, test, type Browser } from '@playwright/test';
import { startRedis } from '../signaling/testing.js';
import { createGoal, open } from './helpers';
import { balance, startNode, type Node } from './signaling-nodes';

const A = 4501;
const B = 4502;
let redis: Awaited<ReturnType<typeof startRedis>>;
let nodes: Node[] = [];

test.beforeAll(async () => {
	redis = await startRedis();
	nodes = await Promise.all([A, B].map((port) => startNode(port, { REDIS_URL: redis.url })));
});
test.afterAll(async () => {
	for (const node of nodes) await node.kill();
	await redis?.stop();
});

async function coachOn(browser: Browser, ports: number[], link: string, title: string) {
	const context = await browser.newContext();
	const used = await balance(context, ports);
	const page = await context.newPage();
	await page.goto(link);
	await expect(page.getByRole('heading', { name: title })).toBeVisible({ timeout: 20_000 });
	await expect(page.getByText('Live: the learner is online')).toBeVisible({ timeout: 15_000 });
	return { context, page, used };
}

test('a share carries on through node B when node A dies', async ({ browser }) => {
	test.setTimeout(120_000);
	const learnerContext = await browser.newContext();
	const learnerNodes = await balance(learnerContext, [A, B]);
	const learner = await learnerContext.newPage();
	await createGoal(learner, { title: 'Goal across nodes', status: 'active' });
	await open(learner, '/share/new');
	await learner.getByLabel('Name of this share').fill('Failover');
	await learner.getByLabel('Goal across nodes').check();
	await learner.getByRole('button', { name: 'Create share' }).click();
	const link = await learner.getByRole('textbox', { name: 'Live link' }).inputValue();
	await expect.poll(() => learnerNodes).toContain(A);

	// A coach on the other node finds the learner: the nodes relay to each other through Redis.
	const first = await coachOn(browser, [B, A], link, 'Goal across nodes');
	expect(first.used).toEqual([B]);
	expect(learnerNodes.every((port) => port === A)).toBe(true);

	// Node A dies without a word. The learner's app reconnects by itself, now to node B.
	await nodes[0]!.kill();
	await expect.poll(() => learnerNodes.at(-1), { timeout: 30_000 }).toBe(B);

	// A coach who arrives now (and would have gone to A) meets the learner through B alone.
	const second = await coachOn(browser, [A, B], link, 'Goal across nodes');
	expect(second.used).toEqual([B]);
	await second.page.getByLabel('Your name').fill('Sam');
	await second.page
		.getByRole('textbox', { name: 'Your feedback' })
		.first()
		.fill('Feedback after the failover');
	await second.page.getByRole('button', { name: 'Send feedback' }).first().click();
	await expect(learner.getByText('Feedback after the failover')).toBeVisible({ timeout: 15_000 });

	await first.context.close();
	await second.context.close();
	await learnerContext.close();
});
