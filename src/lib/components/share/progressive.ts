/**
 * Renders a long page lazily: a part is rendered once it comes near the screen (within about two
 * screens), and stays rendered. A share of a thousand items shows its headings at once; bodies,
 * files and feedback forms are built as the reader scrolls to them, instead of 160,000 nodes up
 * front (which took seconds, and kept growing with every background pass).
 */
let observer: IntersectionObserver | undefined;
const near = new WeakMap<Element, () => void>();

/** Svelte action: calls `ready` once, when `node` comes near the screen. */
export function progressive(node: HTMLElement, ready: () => void) {
	const make = () => {
		observer?.unobserve(node);
		near.delete(node);
		ready();
	};
	observer ??= new IntersectionObserver(
		(entries) => {
			for (const entry of entries) if (entry.isIntersecting) near.get(entry.target)?.();
		},
		{ rootMargin: '1500px 0px' }
	);
	near.set(node, make);
	observer.observe(node);
	return {
		destroy() {
			observer?.unobserve(node);
			near.delete(node);
		}
	};
}
