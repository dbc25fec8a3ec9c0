import { createSubscriber } from 'svelte/reactivity';
import { addDays, localMidnight, toIsoDate, type IsoDate } from '$lib/domain/dates';

/** The longest wait between looks at the clock (a laptop that slept, a changed clock). */
const LOOK_AGAIN_MS = 60_000;

/**
 * Today's date that changes at midnight while a page shows it: shares expire, deadlines come
 * closer, without a reload.
 */
class Today {
	#subscribe = createSubscriber((update) => {
		let timer: ReturnType<typeof setTimeout>;
		const look = () => {
			const next = localMidnight(addDays(toIsoDate(), 1));
			timer = setTimeout(
				() => {
					update();
					look();
				},
				Math.min(LOOK_AGAIN_MS, next.getTime() - Date.now() + 1)
			);
		};
		look();
		return () => clearTimeout(timer);
	});

	/** Today in the learner's time zone. */
	get current(): IsoDate {
		this.#subscribe();
		return toIsoDate();
	}
}

export const today = new Today();
