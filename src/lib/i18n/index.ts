import { i18n, type Messages } from '@lingui/core';
import type catalog from './catalogs/en.json';

/** Every message id, taken from the English catalog so a missing key is a type error. */
export type MessageId = keyof typeof catalog;
export type MessageValues = Record<string, string | number>;

export const LOCALES = ['en', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

/** True for a locale Koers speaks. */
export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of the browser's preferred languages that Koers speaks; English otherwise. */
export function preferredLocale(languages: readonly string[]): Locale {
	for (const language of languages) {
		const base = language.toLowerCase().split('-')[0];
		if (isLocale(base)) return base;
	}
	return 'en';
}

/** Loads a catalog (compiled at build time, one chunk per language) and makes it active. */
export async function activateLocale(locale: Locale): Promise<void> {
	const module =
		locale === 'nl'
			? await import('virtual:koers-catalog/nl')
			: await import('virtual:koers-catalog/en');
	i18n.load(locale, module.default as Messages);
	i18n.activate(locale);
}

/** Formats a message of the active catalog. */
export function translate(id: MessageId, values?: MessageValues): string {
	return i18n._(id, values);
}
