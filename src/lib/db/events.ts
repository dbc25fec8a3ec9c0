/** The kinds of record the learner keeps. */
export type RecordKind =
	| 'goal'
	| 'evidence'
	| 'reflection'
	| 'register'
	| 'peActivity'
	| 'share'
	| 'response'
	| 'question';

/** What the data layer tells the rest of the app after a write has committed. */
export interface DbEvents {
	saved: { kind: RecordKind; id: string };
	deleted: { kind: RecordKind; id: string };
}

type Listener<K extends keyof DbEvents> = (detail: DbEvents[K]) => void;
const listeners = new Map<keyof DbEvents, Set<Listener<never>>>();
let savedHere = false;

/**
 * Whether a record was saved in this page: what reacts to a save but starts later (its code
 * loads once the database is in use, which the first save itself can be) still sees that one.
 */
export function savedInThisPage(): boolean {
	return savedHere;
}

/** Subscribes to a data event; returns the unsubscribe function. */
export function onDbEvent<K extends keyof DbEvents>(name: K, listener: Listener<K>): () => void {
	const set = listeners.get(name) ?? new Set();
	listeners.set(name, set);
	set.add(listener as Listener<never>);
	return () => set.delete(listener as Listener<never>);
}

/** Emits a data event to every listener. */
export function emitDbEvent<K extends keyof DbEvents>(name: K, detail: DbEvents[K]): void {
	if (name === 'saved') savedHere = true;
	for (const listener of listeners.get(name) ?? []) (listener as Listener<K>)(detail);
}
