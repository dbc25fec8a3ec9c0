// Compiles the ICU message catalogs in src/lib/i18n/catalogs at build time, so the browser
// gets ready-to-run messages and never ships a message parser.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';

const PREFIX = 'virtual:koers-catalog/';
const RESOLVED = '\0koers-catalog:';
const dir = fileURLToPath(new URL('../src/lib/i18n/catalogs/', import.meta.url));

/**
 * A Vite plugin: `import messages from 'virtual:koers-catalog/nl'` yields the compiled catalog.
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
			const locale = id.slice(RESOLVED.length);
			if (!/^[a-z]{2}$/.test(locale)) throw new Error(`Unknown catalog: ${locale}`);
			const file = `${dir}${locale}.json`;
			this.addWatchFile(file);
			const source = JSON.parse(readFileSync(file, 'utf8'));
			/** @type {Record<string, unknown>} */
			const compiled = {};
			for (const [key, message] of Object.entries(source)) {
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
