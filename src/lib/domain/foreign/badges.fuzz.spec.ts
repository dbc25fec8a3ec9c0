// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { bake, credential, issuerKey, signJcs, signJwt } from '$lib/testing/badges';
import { FUZZ, FuzzTally, mutatedBytes, mutatedJson } from '$lib/testing/hostile';
import { ForeignFileError } from './bundle';
import { badgeToBundle, readBadge } from './badges';

const encoder = new TextEncoder();
const ob2 = readFileSync('src/lib/domain/foreign/fixtures/ob2-assertion.json', 'utf8');
const svg = (json: string) =>
	`<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:credential><![CDATA[${json}]]></openbadges:credential></svg>`;

/** The real badges, one of each kind Koers reads: JSON (2.0 and 3.0), JWS, PNG and SVG. */
let seeds: { type: string; bytes: Uint8Array; json?: unknown }[] = [];

beforeAll(async () => {
	const { keys, did } = await issuerKey();
	const signed = JSON.stringify(await signJcs(credential(did), keys, did));
	const jwt = await signJwt(
		{ vc: credential(did), iss: did },
		{ alg: 'EdDSA', kid: did },
		keys.privateKey,
		{
			name: 'Ed25519'
		}
	);
	seeds = [
		{ type: 'application/json', bytes: encoder.encode(ob2), json: JSON.parse(ob2) },
		{ type: 'application/json', bytes: encoder.encode(signed), json: JSON.parse(signed) },
		{ type: 'text/plain', bytes: encoder.encode(jwt) },
		{ type: 'image/png', bytes: bake('openbadgecredential', signed, true) },
		{ type: 'image/svg+xml', bytes: encoder.encode(svg(signed)) }
	];
});

describe('Open Badges import, fuzzed', { timeout: 60_000 }, () => {
	it('refuses every mutated badge (JSON, JWS, PNG, SVG) with a reason, or reads it', async () => {
		const tally = new FuzzTally('open-badges');
		const inputs = fc.oneof(
			fc.nat().chain((n) => {
				const seed = seeds[n % seeds.length]!;
				return mutatedBytes([seed.bytes]).map((bytes) => ({ type: seed.type, bytes }));
			}),
			fc.nat().chain((n) => {
				const json = seeds.filter((s) => s.json)[n % 2]!;
				return mutatedJson([json.json]).map((text) => ({
					type: n % 4 < 2 ? 'application/json' : 'image/svg+xml',
					bytes: encoder.encode(n % 4 < 2 ? text : svg(text))
				}));
			})
		);
		await fc.assert(
			fc.asyncProperty(inputs, ({ type, bytes }) =>
				tally.time(async () => {
					try {
						const badge = await readBadge(bytes, type);
						const bundle = await badgeToBundle(badge, {
							now: '2026-11-22T12:00:00.000Z',
							label: (key) => key,
							image: null
						});
						expect(bundle.evidence).toHaveLength(1);
						tally.accepted++;
					} catch (error) {
						if (!(error instanceof ForeignFileError)) throw error;
						tally.refuse(error.code);
					}
				})
			),
			FUZZ
		);
		await tally.save();
		expect(tally.accepted + tally.refused).toBe(FUZZ.numRuns);
	});
});
