// @vitest-environment jsdom
import { base58, hex } from '@scure/base';
import type { DocumentLoader } from 'jsonld';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { credential, issuerKey } from '$lib/testing/badges';
import { didKeyEd25519 } from './badge-proof';
import { checkRdfc, rdfcSigningInput } from './badge-rdfc';
import { readBadge } from './badges';
import { offlineContextUrls, offlineDocumentLoader } from './contexts/offline-loader';

const encoder = new TextEncoder();

/** Signs with eddsa-rdfc-2022 the way an issuer does, through the same canonicalisation. */
async function signRdfc<T extends Record<string, unknown>>(
	doc: T,
	keys: CryptoKeyPair,
	did: string
) {
	const options = {
		type: 'DataIntegrityProof',
		cryptosuite: 'eddsa-rdfc-2022',
		created: '2026-06-01T09:00:00Z',
		verificationMethod: `${did}#${did.slice('did:key:'.length)}`,
		proofPurpose: 'assertionMethod'
	};
	const data = await rdfcSigningInput(doc, options);
	const signature = new Uint8Array(
		await crypto.subtle.sign({ name: 'Ed25519' }, keys.privateKey, data as BufferSource)
	);
	return { ...doc, proof: { ...options, proofValue: `z${base58.encode(signature)}` } };
}

const read = (doc: unknown) => readBadge(encoder.encode(JSON.stringify(doc)), 'application/json');

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('eddsa-rdfc-2022', () => {
	it('ships the VC, Data Integrity and OB 3.0 contexts, each found in its package', () => {
		expect(offlineContextUrls()).toEqual([
			'https://www.w3.org/2018/credentials/v1',
			'https://www.w3.org/ns/credentials/v2',
			'https://w3id.org/security/data-integrity/v1',
			'https://w3id.org/security/data-integrity/v2',
			'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
			'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
			'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
			'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
			'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'
		]);
	});

	it('verifies the W3C vc-di-eddsa test vector', async () => {
		// https://github.com/w3c/vc-di-eddsa TestVectors/eddsa-rdfc-2022/signedDataInt.json and
		// TestVectors/keyPair.json (the spec's section "Representation: eddsa-rdfc-2022"). Its key is
		// named by an https URL, so the key is given here rather than resolved.
		const signed = {
			'@context': [
				'https://www.w3.org/ns/credentials/v2',
				'https://www.w3.org/ns/credentials/examples/v2'
			],
			id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
			type: ['VerifiableCredential', 'AlumniCredential'],
			name: 'Alumni Credential',
			description: 'A minimum viable example of an Alumni Credential.',
			issuer: 'https://vc.example/issuers/5678',
			validFrom: '2023-01-01T00:00:00Z',
			credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
			proof: {
				type: 'DataIntegrityProof',
				cryptosuite: 'eddsa-rdfc-2022',
				created: '2023-02-24T23:36:38Z',
				verificationMethod:
					'https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2',
				proofPurpose: 'assertionMethod',
				proofValue:
					'z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9'
			}
		};
		const publicKey = didKeyEd25519('did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2')!;
		// The examples context is the spec's own, not one a real badge uses: given for this test only.
		const withExamples: DocumentLoader = async (url) =>
			url === 'https://www.w3.org/ns/credentials/examples/v2'
				? {
						contextUrl: null,
						documentUrl: url,
						document: { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } }
					}
				: offlineDocumentLoader(url);
		const { proof, ...document } = signed;
		const { proofValue: _value, ...options } = proof;
		const data = await rdfcSigningInput(document, options, withExamples);
		// TestVectors/eddsa-rdfc-2022/proofHashDataInt.txt
		expect(hex.encode(data.subarray(0, 32))).toBe(
			'4c4d3890a157f8d611b13c265c2c22f39aa0a567c7c7dd9ba3e45cd579784eeb'
		);
		const check = (doc: typeof signed) =>
			checkRdfc(doc, doc.proof, publicKey, { method: 'test', documentLoader: withExamples });
		expect(await check(signed)).toEqual({ status: 'verified', method: 'test' });
		const changed = structuredClone(signed);
		changed.credentialSubject.alumniOf = 'The School of Examplez';
		expect(await check(changed)).toEqual({ status: 'failed', reason: 'signature' });
	});

	it('verifies an Open Badge it signs with a did:key, offline, and fails one changed byte', async () => {
		const { keys, did } = await issuerKey();
		const signed = await signRdfc(credential(did), keys, did);
		const fetch = vi.fn();
		vi.stubGlobal('fetch', fetch);
		const badge = await read(signed);
		expect(badge).toMatchObject({
			version: '3.0',
			name: 'Veilig werken met hoog-risicomedicatie',
			check: { status: 'verified', method: 'eddsa-rdfc-2022, did:key' }
		});

		const tampered = structuredClone(signed);
		tampered.credentialSubject.achievement.criteria.narrative =
			'E-learning afgerond en praktijktoets behaalt.';
		expect((await read(tampered)).check).toEqual({ status: 'failed', reason: 'signature' });
		expect(fetch).not.toHaveBeenCalled();
	});

	it('also verifies with the OB 3.0.2 context, and VC 1.1 with OB 3.0.1 and data-integrity/v2', async () => {
		const { keys, did } = await issuerKey();
		const v2 = {
			...credential(did),
			'@context': [
				'https://www.w3.org/ns/credentials/v2',
				'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json'
			]
		};
		const { validFrom: _from, ...rest } = credential(did);
		const v1 = {
			...rest,
			'@context': [
				'https://www.w3.org/2018/credentials/v1',
				'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
				'https://w3id.org/security/data-integrity/v2'
			],
			issuanceDate: '2026-06-01T09:00:00Z'
		};
		for (const doc of [v2, v1]) {
			expect((await read(await signRdfc(doc, keys, did))).check).toEqual({
				status: 'verified',
				method: 'eddsa-rdfc-2022, did:key'
			});
		}
	});

	it('refuses an unknown context as "cannot be verified offline" without any network request', async () => {
		const { keys, did } = await issuerKey();
		const signed = await signRdfc(credential(did), keys, did);
		const unknown = 'https://issuer.example.org/contexts/extra.jsonld';
		const doc = { ...signed, '@context': [...signed['@context'], unknown] };
		const fetch = vi.fn();
		const xhr = vi.fn();
		vi.stubGlobal('fetch', fetch);
		vi.stubGlobal('XMLHttpRequest', xhr);
		const loader = vi.fn(offlineDocumentLoader);

		expect(
			await checkRdfc(doc, doc.proof, didKeyEd25519(did)!, { method: 'x', documentLoader: loader })
		).toEqual({
			status: 'offline',
			reason: 'rdfc'
		});
		// Asked for the shipped contexts and the unknown one, which it refused.
		const asked = loader.mock.calls.map(([url]) => url);
		expect(asked).toContain(unknown);
		expect(asked).toContain('https://www.w3.org/ns/credentials/v2');
		await expect(loader.mock.results[asked.indexOf(unknown)]!.value).rejects.toThrow(unknown);
		expect((await read(doc)).check).toEqual({ status: 'offline', reason: 'rdfc' });
		expect(fetch).not.toHaveBeenCalled();
		expect(xhr).not.toHaveBeenCalled();
	});

	it('refuses a term no shipped context defines rather than dropping it unsigned', async () => {
		const { keys, did } = await issuerKey();
		const doc = { ...credential(did), unsignedNote: 'Cum laude' };
		const options = {
			type: 'DataIntegrityProof',
			cryptosuite: 'eddsa-rdfc-2022',
			verificationMethod: did,
			proofPurpose: 'assertionMethod'
		};
		await expect(rdfcSigningInput(doc, options)).rejects.toThrow();
		const signature = await crypto.subtle.sign(
			{ name: 'Ed25519' },
			keys.privateKey,
			new Uint8Array(64)
		);
		const proof = { ...options, proofValue: `z${base58.encode(new Uint8Array(signature))}` };
		expect((await read({ ...doc, proof })).check).toEqual({
			status: 'failed',
			reason: 'malformed'
		});
	});
});
