import { crc32, deflateSync } from 'node:zlib';
import { base58, base64urlnopad } from '@scure/base';
import canonicalize from 'canonicalize';

/**
 * Test helpers that make real Open Badges: baked PNGs and credentials signed with WebCrypto, the
 * way an issuer's software does. Node only (tests); never part of the app.
 */
export const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);
const encoder = new TextEncoder();

/** A PNG with an iTXt chunk inserted before IEND, as a baking service writes it. */
export function bake(keyword: string, text: string, compressed = false): Uint8Array {
	const body = compressed ? deflateSync(Buffer.from(text)) : Buffer.from(text);
	const data = Buffer.concat([
		Buffer.from(keyword, 'latin1'),
		Buffer.from([0, compressed ? 1 : 0, 0, 0, 0]),
		body
	]);
	const chunk = Buffer.alloc(12 + data.length);
	chunk.writeUInt32BE(data.length, 0);
	chunk.write('iTXt', 4, 'latin1');
	data.copy(chunk, 8);
	chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
	const iend = PNG.length - 12;
	return new Uint8Array(Buffer.concat([PNG.subarray(0, iend), chunk, PNG.subarray(iend)]));
}

export async function issuerKey() {
	const keys = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
		'sign',
		'verify'
	])) as CryptoKeyPair;
	const raw = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey));
	const did = `did:key:z${base58.encode(new Uint8Array([0xed, 0x01, ...raw]))}`;
	return { keys, did };
}

export function credential(issuerDid: string, name = 'Veilig werken met hoog-risicomedicatie') {
	return {
		'@context': [
			'https://www.w3.org/ns/credentials/v2',
			'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
		],
		id: 'urn:uuid:6f1e4f7e-1c1a-4c55-9a43-2d0b9f7d1c11',
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		issuer: {
			id: issuerDid,
			type: ['Profile'],
			name: 'Ziekenhuis Oost Academie',
			url: 'https://academie.example.nl'
		},
		validFrom: '2026-06-01T09:00:00Z',
		name,
		credentialSubject: {
			type: ['AchievementSubject'],
			achievement: {
				id: 'https://academie.example.nl/achievements/hrm',
				type: ['Achievement'],
				name,
				description: 'Dubbele controle, rekenen en toedienen van hoog-risicomedicatie.',
				criteria: { narrative: 'E-learning afgerond en praktijktoets behaald.' }
			}
		}
	};
}

/** Signs a credential with eddsa-jcs-2022, following the VC DI EdDSA cryptosuites spec. */
export async function signJcs(
	doc: ReturnType<typeof credential>,
	keys: CryptoKeyPair,
	did: string
) {
	const options = {
		type: 'DataIntegrityProof',
		cryptosuite: 'eddsa-jcs-2022',
		created: '2026-06-01T09:00:00Z',
		verificationMethod: `${did}#${did.slice('did:key:'.length)}`,
		proofPurpose: 'assertionMethod'
	};
	const hash = async (value: unknown) =>
		new Uint8Array(
			await crypto.subtle.digest('SHA-256', encoder.encode(canonicalize(value) ?? ''))
		);
	const data = new Uint8Array([
		...(await hash({ ...options, '@context': doc['@context'] })),
		...(await hash(doc))
	]);
	const signature = new Uint8Array(await crypto.subtle.sign('Ed25519', keys.privateKey, data));
	return { ...doc, proof: { ...options, proofValue: `z${base58.encode(signature)}` } };
}

export async function signJwt(
	payload: unknown,
	header: Record<string, unknown>,
	key: CryptoKey,
	algorithm: AlgorithmIdentifier | EcdsaParams
) {
	const part = (value: unknown) => base64urlnopad.encode(encoder.encode(JSON.stringify(value)));
	const input = `${part(header)}.${part(payload)}`;
	const signature = new Uint8Array(await crypto.subtle.sign(algorithm, key, encoder.encode(input)));
	return `${input}.${base64urlnopad.encode(signature)}`;
}
