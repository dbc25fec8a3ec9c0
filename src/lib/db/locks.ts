/**
 * Locks that hold across every tab of this origin (the Web Locks API), so two tabs never race
 * on the chunk store. Where the API is missing (unit tests under Node), the same locks hold
 * within this one process, which is then the only one using the database.
 */

type Release = () => void;

const local = new Map<string, Promise<void>>();
const localHeld = new Set<string>();

const webLocks = (): LockManager | undefined => globalThis.navigator?.locks;

/** Runs `work` while holding the exclusive lock `name`; waits for it first. */
export async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
	const locks = webLocks();
	if (locks) return locks.request(name, { mode: 'exclusive' }, work);
	const before = local.get(name) ?? Promise.resolve();
	let release!: Release;
	const mine = new Promise<void>((resolve) => (release = resolve));
	const tail = before.then(() => mine);
	local.set(name, tail);
	await before;
	localHeld.add(name);
	try {
		return await work();
	} finally {
		localHeld.delete(name);
		release();
		if (local.get(name) === tail) local.delete(name);
	}
}

/**
 * Takes the lock `name` and keeps it until the returned function is called (or the tab goes
 * away, which releases it by itself). For names nobody else takes, so it is granted at once.
 */
export async function holdLock(name: string): Promise<Release> {
	let release!: Release;
	const held = new Promise<void>((resolve) => (release = resolve));
	await new Promise<void>((granted) => {
		void withLock(name, () => {
			granted();
			return held;
		});
	});
	return release;
}

/** The names of the locks held right now, in any tab. */
export async function heldLocks(): Promise<Set<string>> {
	const locks = webLocks();
	if (!locks) return new Set(localHeld);
	const snapshot = await locks.query();
	return new Set((snapshot.held ?? []).flatMap((lock) => (lock.name ? [lock.name] : [])));
}
