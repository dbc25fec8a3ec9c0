import { token } from '$lib/charts/chart';

/** A chart axis in the page's muted text colour. */
export const axis = (el: Element) => ({ ticks: { color: token('--color-text-muted', el) } });
