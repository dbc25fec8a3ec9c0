// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { base64urlnopad } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { bake, credential, issuerKey, PNG, signJcs, signJwt } from '$lib/testing/badges';
import { ForeignFileError } from './bundle';
import { badgeBody, badgeToBundle, readBadge } from './badges';

const ob2 = readFileSync('src/lib/domain/foreign/fixtures/ob2-assertion.json');
const encoder = new TextEncoder();

describe('Open Badges 3.0', () => {
	it('verifies an eddsa-jcs-2022 proof made with a did:key, and fails a tampered one', async () => {
		const { keys, did } = await issuerKey();
		const signed = await signJcs(credential(did), keys, did);
		const badge = await readBadge(encoder.encode(JSON.stringify(signed)), 'application/json');
		expect(badge).toMatchObject({
			version: '3.0',
			name: 'Veilig werken met hoog-risicomedicatie',
			issuerName: 'Ziekenhuis Oost Academie',
			issuerUrl: 'https://academie.example.nl',
			criteria: 'E-learning afgerond en praktijktoets behaald.',
			check: { status: 'verified', method: 'eddsa-jcs-2022, did:key' }
		});
		const tampered = structuredClone(signed);
		tampered.credentialSubject.achievement.name = 'Chirurg';
		const forged = await readBadge(encoder.encode(JSON.stringify(tampered)), 'application/json');
		expect(forged.check).toEqual({ status: 'failed', reason: 'signature' });
	});

	it('verifies a VC-JWT with a did:key (EdDSA) and with an embedded JWK (ES256)', async () => {
		const { keys, did } = await issuerKey();
		const jwt = await signJwt(
			{ vc: credential(did), iss: did },
			{ alg: 'EdDSA', kid: did },
			keys.privateKey,
			{ name: 'Ed25519' }
		);
		expect((await readBadge(encoder.encode(jwt), 'text/plain')).check).toEqual({
			status: 'verified',
			method: 'EdDSA, did:key'
		});

		const ec = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
			'sign',
			'verify'
		])) as CryptoKeyPair;
		const jwk = await crypto.subtle.exportKey('jwk', ec.publicKey);
		const es = await signJwt(
			credential('https://academie.example.nl'),
			{ alg: 'ES256', jwk },
			ec.privateKey,
			{
				name: 'ECDSA',
				hash: 'SHA-256'
			}
		);
		expect((await readBadge(encoder.encode(es), 'text/plain')).check.status).toBe('verified');
		const [h, , s] = es.split('.');
		const swapped = `${h}.${base64urlnopad.encode(encoder.encode(JSON.stringify(credential('x', 'Fake'))))}.${s}`;
		expect((await readBadge(encoder.encode(swapped), 'text/plain')).check).toEqual({
			status: 'failed',
			reason: 'signature'
		});
	});

	it('says plainly when a proof cannot be checked offline', async () => {
		const { did } = await issuerKey();
		const rdfc = {
			...credential(did),
			// A legacy JSON-LD suite Koers does not implement (eddsa-rdfc-2022: badge-rdfc.spec.ts).
			proof: { type: 'Ed25519Signature2020', verificationMethod: did, proofValue: 'z1' }
		};
		expect(
			(await readBadge(encoder.encode(JSON.stringify(rdfc)), 'application/json')).check
		).toEqual({
			status: 'offline',
			reason: 'rdfc'
		});
		const remote = await signJwt(
			credential('did:web:academie.example.nl'),
			{ alg: 'RS256', kid: 'https://academie.example.nl/keys/1' },
			(await issuerKey()).keys.privateKey,
			{ name: 'Ed25519' }
		);
		expect((await readBadge(encoder.encode(remote), 'text/plain')).check).toEqual({
			status: 'offline',
			reason: 'remoteKey'
		});
	});

	it('reads a credential baked into a PNG (compressed iTXt) and an SVG', async () => {
		const { keys, did } = await issuerKey();
		const signed = JSON.stringify(await signJcs(credential(did), keys, did));
		const png = bake('openbadgecredential', signed, true);
		expect((await readBadge(png, 'image/png')).check.status).toBe('verified');
		const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" width="10" height="10"><openbadges:credential><![CDATA[${signed}]]></openbadges:credential><circle r="5"/></svg>`;
		const fromSvg = await readBadge(encoder.encode(svg), 'image/svg+xml');
		expect(fromSvg.name).toBe('Veilig werken met hoog-risicomedicatie');
	});
});

describe('Open Badges 2.0', () => {
	it('keeps a hosted assertion with issuer and criteria, unverifiable offline', async () => {
		const badge = await readBadge(bake('openbadges', ob2.toString()), 'image/png');
		expect(badge).toMatchObject({
			version: '2.0',
			name: 'Basic Life Support (BLS)',
			issuerName: 'Skillslab Zorgacademie',
			issuerUrl: 'https://zorgacademie.example.nl',
			issuedOn: '2026-03-12T10:00:00+01:00',
			criteriaUrl: 'https://badges.example.nl/public/badges/reanimatie/criteria',
			check: { status: 'offline', reason: 'hosted' }
		});
		const label = (key: string, values?: Record<string, string>) =>
			`${key}${values ? JSON.stringify(values) : ''}`;
		const { evidence, files } = await badgeToBundle(badge, {
			now: '2026-11-22T00:00:00.000Z',
			label,
			image: { name: 'bls.png', type: 'image/png' }
		});
		expect(evidence[0]).toMatchObject({
			format: 'certificate',
			title: 'Basic Life Support (BLS)',
			date: '2026-03-12',
			url: 'https://badges.example.nl/public/badges/reanimatie/criteria'
		});
		expect(evidence[0]!.body).toContain(
			'[Skillslab Zorgacademie](https://zorgacademie.example.nl)'
		);
		expect(evidence[0]!.body).toContain('proof.offline.hosted');
		expect(evidence[0]!.body).toContain('Praktijktoets afgelegd');
		expect(files).toHaveLength(1);
		expect(badgeBody(badge, label)).toBe(evidence[0]!.body);
	});

	it('refuses files that hold no badge, broken JSON and DTDs with a reason', async () => {
		const code = async (bytes: Uint8Array, type: string) => {
			try {
				await readBadge(bytes, type);
				return 'accepted';
			} catch (error) {
				return (error as ForeignFileError).code;
			}
		};
		expect(await code(new Uint8Array(PNG), 'image/png')).toBe('notBadge');
		// 20 MB of spaces compress to a few KB: inflation stops at the cap.
		expect(await code(bake('openbadges', ' '.repeat(20 * 1024 * 1024), true), 'image/png')).toBe(
			'tooLarge'
		);
		expect(await code(encoder.encode('{"type": "Assertion", '), 'application/json')).toBe(
			'badgeInvalid'
		);
		expect(await code(encoder.encode('{"hello": "world"}'), 'application/json')).toBe('notBadge');
		expect(
			await code(
				encoder.encode('<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>'),
				'image/svg+xml'
			)
		).toBe('doctype');
	});
});
