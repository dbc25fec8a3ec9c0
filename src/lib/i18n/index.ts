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

/**
 * The parts of a catalog, split at build time by area (scripts/vite-plugin-catalogs.js): `start`
 * holds the messages of the first screen and the app's frame, `open` those an opened share link
 * shows besides, `audit` those of a share's PE registers and competency frameworks, `rest` all
 * others.
 */
export type CatalogPart = 'start' | 'open' | 'audit' | 'rest';
export const CATALOG_PARTS: readonly CatalogPart[] = ['start', 'open', 'audit', 'rest'];

type CatalogModule = Promise<{ default: unknown }>;
const CATALOGS: Record<Locale, Record<CatalogPart, () => CatalogModule>> = {
	en: {
		start: () => import('virtual:koers-catalog/en/start'),
		open: () => import('virtual:koers-catalog/en/open'),
		audit: () => import('virtual:koers-catalog/en/audit'),
		rest: () => import('virtual:koers-catalog/en/rest')
	},
	nl: {
		start: () => import('virtual:koers-catalog/nl/start'),
		open: () => import('virtual:koers-catalog/nl/open'),
		audit: () => import('virtual:koers-catalog/nl/audit'),
		rest: () => import('virtual:koers-catalog/nl/rest')
	}
};

/** Loads parts of a catalog (compiled at build time, a chunk per language and part). */
export async function loadCatalog(
	locale: Locale,
	parts: readonly CatalogPart[] = CATALOG_PARTS
): Promise<void> {
	const modules = await Promise.all(parts.map((part) => CATALOGS[locale][part]()));
	for (const module of modules) i18n.load(locale, module.default as Messages);
}

/** Loads a catalog (all of it unless `parts` says otherwise) and makes it active. */
export async function activateLocale(
	locale: Locale,
	parts: readonly CatalogPart[] = CATALOG_PARTS
): Promise<void> {
	await loadCatalog(locale, parts);
	i18n.activate(locale);
}

/** Formats a message of the active catalog. */
export function translate(id: MessageId, values?: MessageValues): string {
	return i18n._(id, values);
}
