import { liveQuery } from 'dexie';

/** Receives each result of a watched query, or the error that ended it. */
export interface QueryObserver<T> {
	next(value: T): void;
	error?(error: unknown): void;
}

/**
 * Runs `query` now and again whenever a table it read changes (in this tab or another);
 * returns the function that stops watching. The one place outside db/ learns of changes.
 */
export function watchQuery<T>(query: () => Promise<T>, observer: QueryObserver<T>): () => void {
	// An async querier: Dexie then keeps the query's zone across every await inside it (it
	// counts the awaits of async queriers only), so every table it reads is watched. A plain
	// function returning the promise of an async one lost the zone under load, and with it the
	// tables read after the first await: a change to those went unseen.
	const subscription = liveQuery(async () => await query()).subscribe({
		next: (value) => observer.next(value),
		error: (error: unknown) => observer.error?.(error)
	});
	return () => subscription.unsubscribe();
}
