import { base58, base64urlnopad } from '@scure/base';
import canonicalize from 'canonicalize';

/**
 * Checking an Open Badge's proof without the network: only keys that travel with the badge can
 * be used (a JWK in a JWT header, or a did:key). Everything else is reported as "cannot be
 * checked offline", never as verified.
 */
export type ProofCheck =
	| { status: 'verified'; method: string }
	| { status: 'failed'; reason: 'signature' | 'malformed' }
	| {
			status: 'offline';
			reason: 'hosted' | 'remoteKey' | 'rdfc' | 'noProof' | 'unsupportedAlgorithm';
	  };

type Json = Record<string, unknown>;

const ED25519_PREFIX = [0xed, 0x01];

/** The Ed25519 public key in a did:key ("did:key:z6Mk…", with or without a #fragment). */
export function didKeyEd25519(did: string): Uint8Array | null {
	const match = /^did:key:z([1-9A-HJ-NP-Za-km-z]+)(#.*)?$/.exec(did);
	if (!match) return null;
	try {
		const bytes = base58.decode(match[1]!);
		if (bytes[0] !== ED25519_PREFIX[0] || bytes[1] !== ED25519_PREFIX[1] || bytes.length !== 34) {
			return null;
		}
		return bytes.subarray(2);
	} catch {
		return null;
	}
}

/** An Ed25519 public key for WebCrypto verification. */
export async function importEd25519(raw: Uint8Array): Promise<CryptoKey> {
	return crypto.subtle.importKey('raw', raw as BufferSource, { name: 'Ed25519' }, false, [
		'verify'
	]);
}

const JWS_ALGORITHMS: Record<
	string,
	{
		key: AlgorithmIdentifier | EcKeyImportParams | RsaHashedImportParams;
		verify: AlgorithmIdentifier | EcdsaParams;
	}
> = {
	EdDSA: { key: { name: 'Ed25519' }, verify: { name: 'Ed25519' } },
	Ed25519: { key: { name: 'Ed25519' }, verify: { name: 'Ed25519' } },
	ES256: {
		key: { name: 'ECDSA', namedCurve: 'P-256' },
		verify: { name: 'ECDSA', hash: 'SHA-256' }
	},
	RS256: {
		key: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
		verify: { name: 'RSASSA-PKCS1-v1_5' }
	}
};

function decodeJson(part: string): Json | null {
	try {
		const value: unknown = JSON.parse(new TextDecoder().decode(base64urlnopad.decode(part)));
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
	} catch {
		return null;
	}
}

/** A compact JWS: its payload and whether its signature holds with a key it carries itself. */
export async function checkJws(jws: string): Promise<{ payload: Json | null; check: ProofCheck }> {
	const parts = jws.trim().split('.');
	if (parts.length !== 3)
		return { payload: null, check: { status: 'failed', reason: 'malformed' } };
	const [head, body, signature] = parts as [string, string, string];
	const header = decodeJson(head);
	const payload = decodeJson(body);
	if (!header || !payload) return { payload, check: { status: 'failed', reason: 'malformed' } };
	const algorithm = JWS_ALGORITHMS[String(header.alg)];
	if (!algorithm) return { payload, check: { status: 'offline', reason: 'unsupportedAlgorithm' } };

	let key: CryptoKey;
	let method: string;
	try {
		const jwk = header.jwk as JsonWebKey | undefined;
		const didKey = typeof header.kid === 'string' ? didKeyEd25519(header.kid) : null;
		if (jwk && typeof jwk === 'object') {
			const { d: _private, ...publicJwk } = jwk as JsonWebKey & { d?: string };
			key = await crypto.subtle.importKey('jwk', publicJwk, algorithm.key, false, ['verify']);
			method = `${String(header.alg)}, embedded key`;
		} else if (didKey && (algorithm.key as Algorithm).name === 'Ed25519') {
			key = await importEd25519(didKey);
			method = `${String(header.alg)}, did:key`;
		} else {
			return { payload, check: { status: 'offline', reason: 'remoteKey' } };
		}
	} catch (error) {
		const unsupported = (error as Error).name === 'NotSupportedError';
		return {
			payload,
			check: unsupported
				? { status: 'offline', reason: 'unsupportedAlgorithm' }
				: { status: 'failed', reason: 'malformed' }
		};
	}
	let sig: Uint8Array;
	try {
		sig = base64urlnopad.decode(signature);
	} catch {
		return { payload, check: { status: 'failed', reason: 'malformed' } };
	}
	const data = new TextEncoder().encode(`${head}.${body}`);
	const ok = await crypto.subtle.verify(algorithm.verify, key, sig as BufferSource, data);
	return {
		payload,
		check: ok ? { status: 'verified', method } : { status: 'failed', reason: 'signature' }
	};
}

/** SHA-256 of a text's UTF-8 bytes. */
export async function sha256(text: string): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/**
 * A Data Integrity proof on a credential, with a did:key. eddsa-jcs-2022 is checked here (JSON
 * Canonicalization Scheme, RFC 8785); eddsa-rdfc-2022 in badge-rdfc.ts, loaded on demand, with
 * the well-known JSON-LD contexts shipped in the app. Other suites (Ed25519Signature2020) and
 * unknown contexts would need the network: "cannot be verified offline".
 */
export async function checkDataIntegrity(credential: Json): Promise<ProofCheck> {
	const proofs = ([] as unknown[]).concat(credential.proof ?? []);
	const proof = proofs.find((p): p is Json => !!p && typeof p === 'object');
	if (!proof) return { status: 'offline', reason: 'noProof' };
	const suite = proof.type === 'DataIntegrityProof' ? proof.cryptosuite : null;
	if (suite !== 'eddsa-jcs-2022' && suite !== 'eddsa-rdfc-2022') {
		return { status: 'offline', reason: 'rdfc' };
	}
	const publicKey =
		typeof proof.verificationMethod === 'string' ? didKeyEd25519(proof.verificationMethod) : null;
	if (!publicKey) return { status: 'offline', reason: 'remoteKey' };
	if (suite === 'eddsa-rdfc-2022') {
		const { checkRdfc } = await import('./badge-rdfc');
		return checkRdfc(credential, proof, publicKey, { method: 'eddsa-rdfc-2022, did:key' });
	}
	const proofValue = String(proof.proofValue ?? '');
	if (!proofValue.startsWith('z')) return { status: 'failed', reason: 'malformed' };
	try {
		const { proof: _proof, ...document } = credential;
		const { proofValue: _value, ...options } = proof;
		const config = document['@context']
			? { ...options, '@context': document['@context'] }
			: options;
		const configHash = await sha256(canonicalize(config) ?? '');
		const documentHash = await sha256(canonicalize(document) ?? '');
		const data = new Uint8Array(64);
		data.set(configHash, 0);
		data.set(documentHash, 32);
		const key = await importEd25519(publicKey);
		const signature = base58.decode(proofValue.slice(1));
		const ok = await crypto.subtle.verify(
			{ name: 'Ed25519' },
			key,
			signature as BufferSource,
			data
		);
		return ok
			? { status: 'verified', method: 'eddsa-jcs-2022, did:key' }
			: { status: 'failed', reason: 'signature' };
	} catch (error) {
		return (error as Error).name === 'NotSupportedError'
			? { status: 'offline', reason: 'unsupportedAlgorithm' }
			: { status: 'failed', reason: 'malformed' };
	}
}
