import type { ChartConfiguration, ChartType } from 'chart.js';

/**
 * Chart.js, loaded on demand with only the parts Koers draws (bar, line, doughnut), in the
 * app's colours (read from the CSS tokens, so dark mode follows).
 */
export async function loadChart() {
	const chart = await import('chart.js');
	chart.Chart.register(
		chart.BarController,
		chart.BarElement,
		chart.LineController,
		chart.LineElement,
		chart.PointElement,
		chart.DoughnutController,
		chart.ArcElement,
		chart.CategoryScale,
		chart.LinearScale,
		chart.Legend,
		chart.Tooltip
	);
	return chart.Chart;
}

/** A CSS colour token's current value. */
export function token(name: string, element: Element = document.documentElement): string {
	return getComputedStyle(element).getPropertyValue(name).trim();
}

/** The series colours, from the design tokens. */
export function palette(element?: Element): string[] {
	return [
		'--color-accent',
		'--color-warning',
		'--color-success',
		'--color-danger',
		'--color-text-muted'
	].map((name) => token(name, element) || '#888');
}

/** Shared options: the app's text colour and font, no animation when the user asks for less. */
export function baseOptions<T extends ChartType>(
	element: Element
): ChartConfiguration<T>['options'] {
	const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
	return {
		responsive: true,
		maintainAspectRatio: false,
		animation: reduce ? false : undefined,
		color: token('--color-text', element) || undefined,
		font: { family: getComputedStyle(element).fontFamily }
	} as ChartConfiguration<T>['options'];
}
