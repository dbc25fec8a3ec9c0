import { base58 } from '@scure/base';
import jsonld, { type DocumentLoader } from 'jsonld';
import { importEd25519, sha256, type ProofCheck } from './badge-proof';
import { offlineDocumentLoader, UnknownContextError } from './contexts/offline-loader';

/**
 * eddsa-rdfc-2022 (W3C vc-di-eddsa, section 3.3): the document and the proof configuration are
 * canonicalised as RDF (RDFC-1.0) with contexts shipped in the app, hashed with SHA-256 and the
 * Ed25519 signature checked over proofConfigHash ‖ documentHash. Loaded lazily: jsonld and the
 * contexts are only fetched from the bundle when such a badge is read.
 */

type Json = Record<string, unknown>;

function refusedContext(error: unknown): boolean {
	for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
		if (e instanceof UnknownContextError) return true;
		const next = e as { cause?: unknown; details?: { cause?: unknown } };
		e = next.details?.cause ?? next.cause;
	}
	return false;
}

async function canonicalHash(input: Json, documentLoader: DocumentLoader): Promise<Uint8Array> {
	const nquads = await jsonld.canonize(input, {
		algorithm: 'RDFC-1.0',
		format: 'application/n-quads',
		documentLoader,
		// A term the contexts do not define would be dropped unsigned: refuse instead.
		safe: true
	});
	return sha256(nquads);
}

/**
 * The 64 bytes an eddsa-rdfc-2022 signature covers: the hash of the proof options (with the
 * document's @context) followed by the hash of the document without its proof.
 */
export async function rdfcSigningInput(
	document: Json,
	proofOptions: Json,
	documentLoader: DocumentLoader = offlineDocumentLoader
): Promise<Uint8Array> {
	const config = { ...proofOptions, '@context': document['@context'] };
	const [configHash, documentHash] = await Promise.all([
		canonicalHash(config, documentLoader),
		canonicalHash(document, documentLoader)
	]);
	const data = new Uint8Array(64);
	data.set(configHash, 0);
	data.set(documentHash, 32);
	return data;
}

/** Checks an eddsa-rdfc-2022 proof on `credential` against an Ed25519 public key. */
export async function checkRdfc(
	credential: Json,
	proof: Json,
	publicKey: Uint8Array,
	options: { method: string; documentLoader?: DocumentLoader }
): Promise<ProofCheck> {
	const proofValue = typeof proof.proofValue === 'string' ? proof.proofValue : '';
	if (!proofValue.startsWith('z')) return { status: 'failed', reason: 'malformed' };
	const { proof: _proof, ...document } = credential;
	const { proofValue: _value, ...proofOptions } = proof;
	if (proofOptions['@context'] !== undefined) {
		// The proof may name its own contexts; they must open the document's, in order.
		const own = ([] as unknown[]).concat(proofOptions['@context']);
		const documents = ([] as unknown[]).concat(document['@context'] ?? []);
		const prefix = own.every((c, i) => JSON.stringify(c) === JSON.stringify(documents[i]));
		if (!prefix) return { status: 'failed', reason: 'signature' };
		document['@context'] = proofOptions['@context'];
		delete proofOptions['@context'];
	}
	let data: Uint8Array;
	try {
		data = await rdfcSigningInput(document, proofOptions, options.documentLoader);
	} catch (error) {
		return refusedContext(error)
			? { status: 'offline', reason: 'rdfc' }
			: { status: 'failed', reason: 'malformed' };
	}
	try {
		const signature = base58.decode(proofValue.slice(1));
		const key = await importEd25519(publicKey);
		const ok = await crypto.subtle.verify(
			{ name: 'Ed25519' },
			key,
			signature as BufferSource,
			data as BufferSource
		);
		return ok
			? { status: 'verified', method: options.method }
			: { status: 'failed', reason: 'signature' };
	} catch (error) {
		return (error as Error).name === 'NotSupportedError'
			? { status: 'offline', reason: 'unsupportedAlgorithm' }
			: { status: 'failed', reason: 'malformed' };
	}
}
