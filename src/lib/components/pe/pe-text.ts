import type { Register } from '$lib/domain/pe/register';
import { categoryName } from '$lib/domain/pe/register';
import type { RuleResult } from '$lib/domain/pe/progress';
import { formatDate, locale, t } from '$lib/state/locale.svelte';

/** "12 points" / "3.5 hours" in the register's unit. */
export function amountText(register: Register, amount: number): string {
	const rounded = Math.round(amount * 100) / 100;
	return register.unit === 'hours'
		? t('pe.amount.hours', { amount: rounded })
		: t('pe.amount.points', { amount: rounded });
}

/** The name of a rule, e.g. "Accredited: at least". */
export function ruleLabel(register: Register, rule: RuleResult): string {
	const category = categoryName(register, rule.categoryId) ?? '';
	switch (rule.kind) {
		case 'total':
			return t('pe.rule.total');
		case 'categoryMin':
			return t('pe.rule.categoryMin', { category });
		case 'categoryShare':
			return t('pe.rule.categoryShare', { category });
		case 'yearMin':
			return t('pe.rule.yearMin', {
				start: formatDate(rule.period.start),
				end: formatDate(endInclusive(rule.period.end))
			});
	}
}

/** What is still missing and by when: "12 points (Accredited) in the next 14 months". */
export function missingText(register: Register, rule: RuleResult, today: string): string {
	const months = Math.max(0, Math.round(monthsUntil(today, rule.period.end)));
	const category = categoryName(register, rule.categoryId);
	const amount = amountText(register, rule.missing);
	return category
		? t('pe.missingIn', { amount, category, months })
		: t('pe.missing', { amount, months });
}

function monthsUntil(from: string, to: string): number {
	return (Date.parse(to) - Date.parse(from)) / (1000 * 3600 * 24 * 30.436875);
}

/** Cycles are stored with an exclusive end; people read the last day. */
export function endInclusive(end: string): string {
	const d = new Date(`${end}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - 1);
	return d.toISOString().slice(0, 10);
}

/** "1 Jan 2025 – 31 Dec 2029". */
export function periodText(period: { start: string; end: string }): string {
	void locale.current;
	return `${formatDate(period.start)} – ${formatDate(endInclusive(period.end))}`;
}
