import { formatIsoDate } from '$lib/domain/dates';
import {
	activateLocale,
	isLocale,
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

	get current(): Locale {
		return this.#current;
	}

	/** False until the first catalog has loaded. */
	get ready(): boolean {
		return this.#ready;
	}

	/** Picks the starting language and loads its messages. */
	async init(): Promise<void> {
		const stored = localStorage.getItem(STORAGE_KEY);
		await this.#apply(isLocale(stored) ? stored : preferredLocale(navigator.languages));
		this.#ready = true;
	}

	/** Switches language and remembers the choice. */
	async set(locale: Locale): Promise<void> {
		await this.#apply(locale);
		localStorage.setItem(STORAGE_KEY, locale);
	}

	async #apply(locale: Locale): Promise<void> {
		await activateLocale(locale);
		document.documentElement.lang = locale;
		this.#current = locale;
	}
}

export const locale = new LocaleState();

/** Translates a message; reading the locale makes every caller re-render on a switch. */
export function t(id: MessageId, values?: MessageValues): string {
	void locale.current;
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
