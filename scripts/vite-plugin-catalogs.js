// Compiles the ICU message catalogs in src/lib/i18n/catalogs at build time, so the browser
// gets ready-to-run messages and never ships a message parser.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';

const PREFIX = 'virtual:koers-catalog/';
/**
 * The areas of the app whose messages the first screen and the app's frame show (a key's area is
 * its prefix, `nav` in `nav.home`): a catalog's `start` part holds these, its `rest` part all
 * others, so a first visit loads a few KiB of messages instead of all of them.
 */
export const START_AREAS = [
	'nav',
	'home',
	'common',
	'error',
	'update',
	'dbUpgrade',
	'goals',
	'evidence',
	'overview'
];
/**
 * The areas an opened share link (routes/open: a coach's first view of a learner's share, or a
 * reply link) shows beyond the start areas: a catalog's `open` part; `rest` holds the areas of
 * neither part.
 */
export const OPEN_AREAS = [
	'share',
	'goal',
	'reflection',
	'template',
	'step',
	'format',
	'status',
	'attachment',
	'media',
	'progress',
	'feedback'
];
/**
 * The areas of a share's PE registers and competency frameworks (loaded with their views, by a
 * share that has either: components/share/audit-views.ts): a catalog's `audit` part.
 */
export const AUDIT_AREAS = ['pe', 'competency'];
const PARTS = ['all', 'start', 'open', 'audit', 'rest'];
/** The part a message's area belongs to. @param {string} area */
const partOf = (area) =>
	START_AREAS.includes(area)
		? 'start'
		: OPEN_AREAS.includes(area)
			? 'open'
			: AUDIT_AREAS.includes(area)
				? 'audit'
				: 'rest';
const RESOLVED = '\0koers-catalog:';
const dir = fileURLToPath(new URL('../src/lib/i18n/catalogs/', import.meta.url));

/**
 * A Vite plugin: `import messages from 'virtual:koers-catalog/nl/start'` yields the compiled
 * messages of the start areas (`/open`, `/audit`: those areas; `/rest`: the others;
 * `virtual:koers-catalog/nl`: all).
 * @returns {import('vite').Plugin}
 */
export function compiledCatalogs() {
	return {
		name: 'koers-compiled-catalogs',
		enforce: 'pre',
		resolveId(id) {
			return id.startsWith(PREFIX) ? RESOLVED + id.slice(PREFIX.length) : null;
		},
		load(id) {
			if (!id.startsWith(RESOLVED)) return null;
			const [locale = '', part = 'all'] = id.slice(RESOLVED.length).split('/');
			if (!/^[a-z]{2}$/.test(locale) || !PARTS.includes(part))
				throw new Error(`Unknown catalog: ${id.slice(RESOLVED.length)}`);
			const file = `${dir}${locale}.json`;
			this.addWatchFile(file);
			const source = JSON.parse(readFileSync(file, 'utf8'));
			/** @type {Record<string, unknown>} */
			const compiled = {};
			for (const [key, message] of Object.entries(source)) {
				if (part !== 'all' && part !== partOf(key.split('.')[0] ?? '')) continue;
				try {
					compiled[key] = compileMessageOrThrow(message);
				} catch (error) {
					throw new Error(`Message "${key}" in ${locale}.json does not parse: ${error}`, {
						cause: error
					});
				}
			}
			// JSON.parse of a string is quicker to parse and run than the same object as a literal.
			return `export default JSON.parse(${JSON.stringify(JSON.stringify(compiled))});`;
		}
	};
}
