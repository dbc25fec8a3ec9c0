// The live-share part of `npm run bench` (BENCH_ONLY=share): a learner's 1,000-item share opened
// by a coach in a second browser context over loopback, and one edit from the learner's Save to
// the coach seeing it. BENCH_PROFILE=<folder> also writes a CPU profile of the coach's page
// (opening the link until every item shows) there, for Chrome DevTools' Performance panel, and
// its waterfall: each file fetched and each phase, in ms after navigation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Adds a live share of `goalIds` straight into the learner's database; returns its link. */
export async function addLiveShare(page, base, goalIds) {
	const room = 'benchroom' + Math.random().toString(36).slice(2, 12);
	const secret = 'A'.repeat(43);
	await page.evaluate(
		async ({ room, secret, goalIds }) => {
			const db = await new Promise((resolve) => {
				const r = indexedDB.open('koers');
				r.onsuccess = () => resolve(r.result);
			});
			const stamp = new Date().toISOString();
			const tx = db.transaction('shares', 'readwrite');
			tx.objectStore('shares').put({
				id: 'bench-share',
				title: 'Bench',
				owner: 'Bench',
				selection: { kind: 'goals', goalIds },
				room,
				secret,
				expiresAt: null,
				revokedAt: null,
				createdAt: stamp,
				updatedAt: stamp
			});
			await new Promise((resolve) => (tx.oncomplete = resolve));
			db.close();
		},
		{ room, secret, goalIds }
	);
	await page.goto(`${base}/share/bench-share`);
	await page.getByRole('heading', { name: 'Live link' }).waitFor();
	// The link as the learner copies it, with its key check.
	return page.getByRole('textbox', { name: 'Live link' }).inputValue();
}

/**
 * Waits until the learner's share page says the link finds it (the share is written and
 * signaling relays its room) and the page is idle: a coach opens a link the learner sent
 * earlier, not while the learner's app is still starting.
 */
export async function learnerLive(page) {
	await page.getByText('No one is connected right now.').waitFor();
	await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
}

/**
 * Edits evidence `id` on the learner's page (navigating inside the app, so the publisher stays
 * connected) and returns the milliseconds from the click on Save until the coach's page shows
 * the new title.
 */
async function editLatency(learner, coach, id, title) {
	await coach.evaluate((title) => {
		window.benchSeen = new Promise((resolve) => {
			const seen = () =>
				[...document.querySelectorAll('main section h3')].some((h) =>
					h.textContent?.includes(title)
				);
			new MutationObserver((_, observer) => {
				if (!seen()) return;
				observer.disconnect();
				resolve(performance.timeOrigin + performance.now());
			}).observe(document.body, { subtree: true, childList: true, characterData: true });
		});
	}, title);
	await learner.evaluate((href) => {
		const link = Object.assign(document.createElement('a'), { href });
		document.body.append(link);
		link.click();
	}, `/evidence/${id}/edit`);
	await learner.getByLabel('Title', { exact: true }).fill(title);
	const save = learner.getByRole('button', { name: 'Save changes' });
	await save.evaluate((button) =>
		button.addEventListener(
			'click',
			(event) => (window.benchSavedAt = performance.timeOrigin + event.timeStamp),
			{ once: true, capture: true }
		)
	);
	await save.click();
	const seenAt = await coach.evaluate(() => window.benchSeen);
	return seenAt - (await learner.evaluate(() => window.benchSavedAt));
}

/** Starts a CPU profile of `page` (BENCH_PROFILE); the returned function writes it to `file`. */
export async function profile(context, page, dir, file) {
	if (!dir) return async () => {};
	const cdp = await context.newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
	await cdp.send('Profiler.start');
	return async () => {
		const { profile } = await cdp.send('Profiler.stop');
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, file), JSON.stringify(profile));
		console.log(`  (CPU profile written to ${join(dir, file)})`);
	};
}

/** Writes what the page fetched (start and end, ms after navigation) and its phases, in order. */
async function writeWaterfall(page, file) {
	const lines = await page.evaluate(() =>
		[
			...performance.getEntriesByType('resource').map((r) => ({
				at: r.startTime,
				text: `${r.startTime.toFixed(0)}–${r.responseEnd.toFixed(0)} ${r.name.replace(location.origin, '')}`
			})),
			...[
				'fetchStart',
				'responseStart',
				'responseEnd',
				'domInteractive',
				'domContentLoadedEventEnd'
			]
				.map((name) => ({ at: performance.getEntriesByType('navigation')[0]?.[name] ?? 0, name }))
				.map(({ at, name }) => ({ at, text: `${at.toFixed(0)} — (page) ${name}` })),
			...performance.getEntriesByType('paint').map((p) => ({
				at: p.startTime,
				text: `${p.startTime.toFixed(0)} — (page) ${p.name}`
			})),
			...Object.entries(window.benchPhases).map(([name, at]) => ({
				at,
				text: `${at?.toFixed(0)} — ${name}`
			}))
		]
			.sort((a, b) => a.at - b.at)
			.map((line) => line.text)
	);
	writeFileSync(file, lines.join('\n') + '\n');
	console.log(`  (waterfall written to ${file})`);
}

/**
 * The share part: `seed(page, count)` fills the learner's database with `goals * 20` evidence
 * items over `goals` goals and more; figures go to `record(name, value, unit, target)`.
 */
export async function benchShare({ browser, base, record, seed, goals }) {
	const items = goals * 20;
	const profileDir = process.env.BENCH_PROFILE;
	const learnerContext = await browser.newContext({ locale: 'en-GB' });
	const learner = await learnerContext.newPage();
	await learner.goto(base);
	await learner.getByRole('heading', { level: 1 }).waitFor();
	await seed(learner, 1_000);
	const link = await addLiveShare(
		learner,
		base,
		Array.from({ length: goals }, (_, g) => `g${g}`)
	);
	await learnerLive(learner);
	const coachContext = await browser.newContext({ locale: 'en-GB' });
	// When the coach's page first shows the learner online, the first item and every item (ms
	// after navigation), timed in the page: waiting from here by polling would keep it busy.
	await coachContext.addInitScript((items) => {
		window.benchPhases = {};
		let complete;
		window.benchComplete = new Promise((resolve) => (complete = resolve));
		new MutationObserver(() => {
			const phases = window.benchPhases;
			phases.firstItem ??= document.querySelector('main section h3') ? performance.now() : null;
			if (phases.firstItem && !phases.all) {
				phases.all =
					document.querySelectorAll('main section h3').length >= items ? performance.now() : null;
				if (phases.all) complete(phases.all);
			}
			const text = phases.online ? '' : (document.body?.textContent ?? '');
			if (!phases.waiting && text.includes('as soon as you are both online'))
				phases.waiting = performance.now();
			if (!phases.online && text.includes('the learner is online'))
				phases.online = performance.now();
		}).observe(document, { subtree: true, childList: true, characterData: true });
	}, items);
	const coach = await coachContext.newPage();
	const stopProfile = await profile(coachContext, coach, profileDir, 'coach-open.cpuprofile');
	const start = Date.now();
	await coach.goto(link);
	try {
		let timer;
		const all = await Promise.race([
			coach.evaluate(() => window.benchComplete),
			new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 60_000)))
		]).finally(() => clearTimeout(timer));
		record(
			`${items}-item share complete at the coach (opening the link to every item shown)`,
			all,
			'ms',
			'≤ 1000'
		);
		await stopProfile();
		const phases = await coach.evaluate(() => window.benchPhases);
		if (profileDir) await writeWaterfall(coach, join(profileDir, 'coach-open-waterfall.txt'));
		record(`  of which: the page waiting for the learner`, phases.waiting ?? NaN, 'ms');
		record(`  of which: the learner shown online`, phases.online ?? NaN, 'ms');
		record(
			`  of which: the first item shown (the first view)`,
			phases.firstItem ?? NaN,
			'ms',
			'≤ 1500'
		);
		// Bodies, files and feedback forms are built as they come near the screen: scroll to the
		// end and wait until the last item's are there.
		await coach.locator('main section').last().scrollIntoViewIfNeeded();
		await coach.waitForFunction(
			() => {
				const sections = document.querySelectorAll('main section');
				return !sections[sections.length - 1]?.querySelector('[data-pending]');
			},
			null,
			{ timeout: 60_000 }
		);
		record(`${items}-item share: scrolled to the last item, fully shown`, Date.now() - start, 'ms');
	} catch {
		const seen = await coach.evaluate(() => document.querySelectorAll('main section h3').length);
		record(
			`${items}-item share: evidence items arrived within 60 s`,
			seen,
			`of ${items}`,
			'all in ≤ 1 s'
		);
	}
	// One edit, three times (the first, second and third edit of the same item): the median.
	const stopCoachProfile = await profile(coachContext, coach, profileDir, 'coach-edits.cpuprofile');
	const stopLearnerProfile = await profile(
		learnerContext,
		learner,
		profileDir,
		'learner-edits.cpuprofile'
	);
	const edits = [];
	for (let n = 1; n <= 3; n++)
		edits.push(await editLatency(learner, coach, 'e0', `Evidence 0, edit ${n}`));
	await stopCoachProfile();
	await stopLearnerProfile();
	edits.sort((a, b) => a - b);
	record(
		`one edit: learner's Save to the coach seeing it (median of 3: ${edits.map(Math.round).join(', ')})`,
		edits[1],
		'ms',
		'≤ 200'
	);
	await learnerContext.close();
	await coachContext.close();
}
