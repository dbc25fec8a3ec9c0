import type { Register } from '$lib/domain/pe/register';
import { categoryName } from '$lib/domain/pe/register';
import { formatNumber } from '$lib/domain/pe/amount';
import type { CategoryLine, RuleResult } from '$lib/domain/pe/progress';
import { addDays, monthsBetween } from '$lib/domain/dates';
import { formatDate, locale, t } from '$lib/state/locale.svelte';

/** A number as the language writes it: 32,5 in Dutch, 32.5 in English. */
export function numberText(value: number): string {
	return formatNumber(value, locale.current);
}

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
			return yearName(rule.period);
	}
}

/** A register year by its name: "2026" when it is a calendar year, else its first and last day. */
export function yearName(period: { start: string; end: string }): string {
	const year = Number(period.start.slice(0, 4));
	return period.start.endsWith('-01-01') && period.end <= `${year + 1}-01-01`
		? String(year)
		: t('pe.rule.yearMin', {
				start: formatDate(period.start),
				end: formatDate(endInclusive(period.end))
			});
}

/** "10 hours count, of 18 hours logged". */
export function categoryCountText(register: Register, line: CategoryLine): string {
	return t('pe.category.counts', {
		counted: amountText(register, line.counted),
		raw: amountText(register, line.raw)
	});
}

/** A category's rules in words: "at least 80 points · at most 10 hours count". */
export function categoryRuleText(register: Register, line: CategoryLine): string {
	const parts: string[] = [];
	if (line.min !== null)
		parts.push(t('pe.categoryRule.min', { amount: amountText(register, line.min) }));
	if (line.share !== null)
		parts.push(
			t('pe.categoryRule.share', {
				percent: numberText(line.share.fraction * 100),
				amount: amountText(register, line.share.amount)
			})
		);
	if (line.max !== null)
		parts.push(t('pe.categoryRule.max', { amount: amountText(register, line.max) }));
	return parts.length ? parts.join(' · ') : t('pe.categoryRule.none');
}

/** What is still missing and by when: "12 points (Accredited) in the next 14 months". */
export function missingText(register: Register, rule: RuleResult, today: string): string {
	const months = Math.max(0, Math.round(monthsBetween(today, rule.period.end)));
	const category =
		rule.kind === 'yearMin' ? yearName(rule.period) : categoryName(register, rule.categoryId);
	const amount = amountText(register, rule.missing);
	return category
		? t('pe.missingIn', { amount, category, months })
		: t('pe.missing', { amount, months });
}

/** Cycles are stored with an exclusive end; people read the last day. */
export function endInclusive(end: string): string {
	return addDays(end, -1);
}

/** "1 Jan 2025 – 31 Dec 2029". */
export function periodText(period: { start: string; end: string }): string {
	void locale.current;
	return `${formatDate(period.start)} – ${formatDate(endInclusive(period.end))}`;
}
