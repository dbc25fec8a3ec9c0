// Bench part `devices` (BENCH_ONLY=devices): a learner's own devices in sync, on loopback, with
// the real signaling server and two browser contexts (two devices).
//   first sync   a new device pairs with one holding the 10,000-item portfolio (+ 2,000 PE
//                activities): time until it holds every record, bytes the old device sent over
//                its data channels, peak JS heap of each device (targets ≤ 15 s, ≤ 150 MB)
//   one edit     a goal title saved on one device until the other device's open goal page
//                shows it (target ≤ 500 ms)
//   catch-up     100 edits on the phone while no page of Koers is open on the laptop, then 100
//                on the laptop while none is open on the phone; then both open Koers: time
//                until each lists the other as up to date, and the bytes both sent (only what
//                changed travels: a fraction of the first sync)
// The portfolio is seeded as bench.js seeds it, then exported and imported again through the UI,
// so every record passes through the app's database layer and carries its sync ops.

/** Counts every record table of a page's database with raw IndexedDB. */
function countAll(page) {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const request = indexedDB.open('koers');
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const db = request.result;
					const names = ['goals', 'evidence', 'reflections', 'peActivities', 'registers'];
					const tx = db.transaction(names);
					const counts = {};
					let left = names.length;
					for (const name of names) {
						const count = tx.objectStore(name).count();
						count.onsuccess = () => {
							counts[name] = count.result;
							if (--left === 0) {
								db.close();
								resolve(counts);
							}
						};
					}
				};
			})
	);
}

/** Counts the bytes sent on data channels and samples the JS heap, from the page's start. */
function instrument() {
	const state = { sent: 0, peakHeap: 0 };
	window.benchDevices = state;
	const send = RTCDataChannel.prototype.send;
	RTCDataChannel.prototype.send = function (data) {
		state.sent += data.byteLength ?? data.size ?? data.length ?? 0;
		return send.call(this, data);
	};
	const sample = () => {
		const used = performance.memory?.usedJSHeapSize ?? 0;
		if (used > state.peakHeap) state.peakHeap = used;
	};
	setInterval(sample, 50);
}

/**
 * The bytes every open page of `context` sent and the highest heap peak among them: whichever
 * tab leads the device sync sends, and that is not always the devices screen.
 */
async function readState(context) {
	const states = await Promise.all(
		context.pages().map((page) => page.evaluate(() => window.benchDevices))
	);
	return {
		sent: states.reduce((sum, state) => sum + (state?.sent ?? 0), 0),
		peakHeap: Math.max(0, ...states.map((state) => state?.peakHeap ?? 0))
	};
}

async function devicesPage(context, base) {
	const page = await context.newPage();
	await page.goto(`${base}/settings/devices`);
	await page.getByRole('heading', { level: 1 }).waitFor();
	return page;
}

const rowOf = (page, name) =>
	page.getByTestId('device-row').filter({ has: page.getByText(name, { exact: true }) });

async function nameDevice(page, name) {
	await page.getByLabel('Name of this device').fill(name);
	await page.getByRole('button', { name: 'Save name' }).click();
	await page.getByText('Name saved').first().waitFor();
}

/** Waits until `page` lists `name` as up to date (it holds every op this device holds). */
async function upToDate(page, name, timeout = 300_000) {
	await rowOf(page, name).getByText('Up to date').waitFor({ timeout });
}

/**
 * BENCH_PROFILE=<dir>: CPU profiles of every page of both devices during the first sync, written
 * as <dir>/<device>-<n>.cpuprofile (open them in Chromium's DevTools, Performance panel).
 */
async function startProfiles(contexts) {
	if (!process.env.BENCH_PROFILE) return async () => {};
	const sessions = [];
	for (const [label, context] of Object.entries(contexts))
		for (const [i, page] of context.pages().entries()) {
			const cdp = await context.newCDPSession(page);
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
			await cdp.send('Profiler.start');
			sessions.push({ name: `${label}-${i}`, cdp, page });
		}
	return async () => {
		const { mkdirSync, writeFileSync } = await import('node:fs');
		const dir = process.env.BENCH_PROFILE;
		mkdirSync(dir, { recursive: true });
		for (const { name, cdp, page } of sessions) {
			const { profile } = await cdp.send('Profiler.stop');
			writeFileSync(`${dir}/${name}.cpuprofile`, JSON.stringify(profile));
			const marks = await page.evaluate(() => ({
				origin: performance.timeOrigin,
				url: location.href,
				marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])
			}));
			writeFileSync(`${dir}/${name}.marks.json`, JSON.stringify(marks));
		}
	};
}

export async function benchDevices({ browser, base, record, seed, exportAndImport }) {
	const size = Number(process.env.BENCH_DEVICE_ITEMS ?? 10_000);
	const laptopContext = await browser.newContext({ locale: 'en-GB' });
	await laptopContext.addInitScript(instrument);
	const laptopWork = await laptopContext.newPage();
	await laptopWork.goto(`${base}/`);
	await laptopWork.getByRole('heading', { level: 1 }).waitFor();
	await seed(laptopWork, size);
	await exportAndImport(laptopWork);
	const expected = await countAll(laptopWork);
	console.log(`  seeded and imported: ${JSON.stringify(expected)}`);

	const laptop = await devicesPage(laptopContext, base);
	await nameDevice(laptop, 'Laptop');
	await laptop.getByTestId('device-add').click();
	const link = await laptop.getByRole('textbox', { name: 'Link to pair a device' }).inputValue();

	// First sync: a new device opens the link.
	const phoneContext = await browser.newContext({ locale: 'en-GB' });
	await phoneContext.addInitScript(instrument);
	const phone = await devicesPage(phoneContext, base);
	await nameDevice(phone, 'Phone');
	const sentBefore = (await readState(laptopContext)).sent;
	const stopProfiles = await startProfiles({ laptop: laptopContext, phone: phoneContext });
	const start = Date.now();
	await phone.goto(link);
	await phone.getByText('This device is paired.').waitFor();
	let counts;
	for (;;) {
		counts = await countAll(phone);
		if (Object.keys(expected).every((table) => counts[table] >= expected[table])) break;
		await phone.waitForTimeout(100);
	}
	const firstSyncMs = Date.now() - start;
	await stopProfiles();
	await upToDate(laptop, 'Phone');
	const laptopState = await readState(laptopContext);
	const phoneState = await readState(phoneContext);
	record(
		`devices: first sync of ${size.toLocaleString('en')} items + 2,000 PE activities`,
		firstSyncMs / 1000,
		's',
		'≤ 15 s'
	);
	const firstSyncBytes = laptopState.sent - sentBefore;
	record('devices: first sync, bytes the old device sent', firstSyncBytes / 1024 / 1024, 'MB');
	record(
		'devices: first sync, peak JS heap (new device)',
		phoneState.peakHeap / 1024 / 1024,
		'MB',
		'≤ 150 MB'
	);
	record(
		'devices: first sync, peak JS heap (old device)',
		laptopState.peakHeap / 1024 / 1024,
		'MB'
	);

	if (process.env.BENCH_DEVICE_FIRST_ONLY) {
		await phoneContext.close();
		await laptopContext.close();
		return;
	}

	// One edit: saved on the laptop, shown on the phone's open goal page (median of 3).
	const phoneWork = await phoneContext.newPage();
	await phoneWork.goto(`${base}/goals/g0`);
	await phoneWork.getByRole('heading', { level: 1 }).waitFor();
	const latencies = [];
	for (let round = 0; round < 3; round++) {
		const title = `Give better feedback, round ${round}`;
		await phoneWork.evaluate((expected) => {
			window.benchSeen = new Promise((resolve) => {
				const check = () => {
					if (document.querySelector('h1')?.textContent?.trim() === expected) {
						observer.disconnect();
						resolve(performance.timeOrigin + performance.now());
					}
				};
				const observer = new MutationObserver(check);
				observer.observe(document.body, { subtree: true, childList: true, characterData: true });
			});
		}, title);
		await laptopWork.goto(`${base}/goals/g0/edit`);
		await laptopWork.getByLabel('Title', { exact: true }).fill(title);
		const save = laptopWork.getByRole('button', { name: 'Save changes' });
		await save.evaluate((button) =>
			button.addEventListener(
				'click',
				(event) => (window.benchSavedAt = performance.timeOrigin + event.timeStamp),
				{ once: true, capture: true }
			)
		);
		await save.click();
		const seenAt = await phoneWork.evaluate(() => window.benchSeen);
		latencies.push(seenAt - (await laptopWork.evaluate(() => window.benchSavedAt)));
	}
	latencies.sort((a, b) => a - b);
	record(
		'devices: one edit reaching the other device (median of 3)',
		latencies[1],
		'ms',
		'≤ 500 ms'
	);

	// Apart: a device is apart while no page of Koers is open on it (its pages close; its
	// database stays in the context), so the other's edits cannot reach it. 100 edits on the phone
	// while the laptop has none open, then 100 on the laptop while the phone has none open.
	async function edits(page, from) {
		for (let i = from; i < from + 50; i++) {
			await page.goto(`${base}/goals/g${i}`);
			await page.getByRole('button', { name: 'Archive' }).click();
			await page.getByRole('button', { name: 'Restore' }).click();
			await page.getByRole('button', { name: 'Archive' }).waitFor();
		}
	}
	/** The other device is not connected, and what changed here waits for it. */
	async function waiting(page, name) {
		const row = rowOf(page, name);
		await row.getByText('Connected now').waitFor({ state: 'detached', timeout: 60_000 });
		await row.getByText(/changes? waiting/).waitFor({ timeout: 60_000 });
	}
	const closeAll = (context) => Promise.all(context.pages().map((page) => page.close()));
	// Connected until now (the control for "not connected" below).
	await rowOf(phone, 'Laptop').getByText('Connected now').waitFor();
	await closeAll(laptopContext);
	await edits(phoneWork, 0);
	await waiting(phone, 'Laptop');
	await closeAll(phoneContext);
	const laptopEdits = await laptopContext.newPage();
	await laptopEdits.goto(`${base}/goals`);
	await laptopEdits.getByRole('heading', { level: 1 }).waitFor();
	await edits(laptopEdits, 50);
	const laptopApart = await devicesPage(laptopContext, base);
	await waiting(laptopApart, 'Phone');
	await closeAll(laptopContext);

	// Together: both open Koers at once; fresh pages, so their byte counts start at zero.
	const back = Date.now();
	const [laptopBack, phoneBack] = await Promise.all([
		devicesPage(laptopContext, base),
		devicesPage(phoneContext, base)
	]);
	await Promise.all([upToDate(phoneBack, 'Laptop'), upToDate(laptopBack, 'Phone')]);
	const catchUpMs = Date.now() - back;
	const laptopSent = (await readState(laptopContext)).sent;
	const phoneSent = (await readState(phoneContext)).sent;
	record(
		'devices: catch-up after 100 edits on each device while apart (until each lists the other up to date)',
		catchUpMs / 1000,
		's'
	);
	record('devices: catch-up, bytes the laptop sent', laptopSent / 1024, 'KB');
	record('devices: catch-up, bytes the phone sent', phoneSent / 1024, 'KB');
	record(
		'devices: catch-up bytes (both) / first sync bytes',
		((laptopSent + phoneSent) / (firstSyncBytes || 1)) * 100,
		'%'
	);
	await phoneContext.close();
	await laptopContext.close();
}
