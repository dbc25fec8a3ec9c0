// Bench part `devices` (BENCH_ONLY=devices): a learner's own devices in sync, on loopback, with
// the real signaling server and two browser contexts (two devices).
//   first sync   a new device pairs with one holding the 10,000-item portfolio (+ 2,000 PE
//                activities): time until it holds every record, bytes the old device sent over
//                its data channels, peak JS heap of each device (targets ≤ 15 s, ≤ 150 MB)
//   one edit     a goal title saved on one device until the other device's open goal page
//                shows it (target ≤ 500 ms)
//   catch-up     100 edits on each device while apart, then both open: time until each lists
//                the other as up to date, and the bytes sent
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
	await upToDate(laptop, 'Phone');
	const laptopState = await readState(laptopContext);
	const phoneState = await readState(phoneContext);
	record(
		`devices: first sync of ${size.toLocaleString('en')} items + 2,000 PE activities`,
		firstSyncMs / 1000,
		's',
		'≤ 15 s'
	);
	record(
		'devices: first sync, bytes the old device sent',
		(laptopState.sent - sentBefore) / 1024 / 1024,
		'MB'
	);
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

	// Apart: the phone stops syncing; 100 edits on each device (archive and restore goals).
	await phone.close();
	async function edits(page, prefix) {
		for (let i = 0; i < 50; i++) {
			await page.goto(`${base}/goals/${prefix}${i}`);
			await page.getByRole('button', { name: 'Archive' }).click();
			await page.getByRole('button', { name: 'Restore' }).click();
			await page.getByRole('button', { name: 'Archive' }).waitFor();
		}
	}
	await edits(laptopWork, 'g');
	// The laptop no longer sees the phone: its edits wait.
	await rowOf(laptop, 'Phone')
		.getByText(/changes? waiting/)
		.waitFor({ timeout: 60_000 });
	await edits(phoneWork, 'g');
	const sentApart = (await readState(laptopContext)).sent;
	const back = Date.now();
	const phoneAgain = await devicesPage(phoneContext, base);
	await upToDate(phoneAgain, 'Laptop');
	await upToDate(laptop, 'Phone');
	record(
		'devices: catch-up after 100 edits on each device while apart',
		(Date.now() - back) / 1000,
		's'
	);
	record(
		'devices: catch-up, bytes the laptop sent',
		((await readState(laptopContext)).sent - sentApart) / 1024,
		'KB'
	);
	await phoneContext.close();
	await laptopContext.close();
}
