import { formatIsoDate } from '$lib/domain/dates';
import {
	activateLocale,
	isLocale,
	loadCatalog,
	type CatalogPart,
	preferredLocale,
	translate,
	type Locale,
	type MessageId,
	type MessageValues
} from '$lib/i18n';

const STORAGE_KEY = 'koers.locale';

/** The UI language: the learner's choice if they made one, else the browser's language. */
class LocaleState {
	#current = $state<Locale>('en');
	#ready = $state(false);
	/** Counts the catalog parts loaded, so messages shown before a part arrived show again. */
	#loads = $state(0);
	#started: Promise<void> | undefined;
	/** The parts of the active language's messages beyond the start part, once asked for. */
	#parts: Partial<Record<CatalogPart, Promise<void>>> = {};

	get current(): Locale {
		return this.#current;
	}

	/** False until the first catalog has loaded. */
	get ready(): boolean {
		return this.#ready;
	}

	/** Changes whenever messages were added (read by `t`). */
	get loads(): number {
		return this.#loads;
	}

	/**
	 * Picks the starting language and loads the messages of the first screen and the app's frame;
	 * the others load with `load` or `loadAll`, before any page that needs them renders.
	 */
	init(): Promise<void> {
		this.#started ??= (async () => {
			const stored = localStorage.getItem(STORAGE_KEY);
			await this.#apply(isLocale(stored) ? stored : preferredLocale(navigator.languages), [
				'start'
			]);
			this.#ready = true;
		})();
		return this.#started;
	}

	/** Loads parts of the active language's messages (each once). */
	async load(parts: readonly Exclude<CatalogPart, 'start'>[]): Promise<void> {
		await Promise.all(
			parts.map(
				(part) =>
					(this.#parts[part] ??= this.init().then(async () => {
						await loadCatalog(this.#current, [part]);
						this.#loads++;
					}))
			)
		);
	}

	/** Loads all messages of the active language (once). */
	loadAll(): Promise<void> {
		return this.load(['open', 'audit', 'rest']);
	}

	/** Switches language (with all its messages) and remembers the choice. */
	async set(locale: Locale): Promise<void> {
		await this.#apply(locale);
		this.#parts = { open: Promise.resolve(), audit: Promise.resolve(), rest: Promise.resolve() };
		localStorage.setItem(STORAGE_KEY, locale);
	}

	async #apply(locale: Locale, parts?: readonly CatalogPart[]): Promise<void> {
		await activateLocale(locale, parts);
		document.documentElement.lang = locale;
		this.#current = locale;
		this.#loads++;
	}
}

export const locale = new LocaleState();

/** Translates a message; reading the locale makes every caller re-render on a switch. */
export function t(id: MessageId, values?: MessageValues): string {
	void locale.current;
	void locale.loads;
	return translate(id, values);
}

/** Formats an ISO date (yyyy-mm-dd) for the active language. */
export function formatDate(iso: string, style: 'medium' | 'long' = 'medium'): string {
	return formatIsoDate(iso, regionalLocale(), style);
}

/** The browser's regional variant of the active language (en-GB, nl-BE), for dates. */
function regionalLocale(): string {
	const current = locale.current;
	return navigator.languages.find((tag) => tag.toLowerCase().startsWith(`${current}-`)) ?? current;
}
