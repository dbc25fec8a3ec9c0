import { isWebUrl, type Evidence } from '../evidence';
import { checkDataIntegrity, checkJws, type ProofCheck } from './badge-proof';
import { clip, ForeignFileError, stableId, stampOr, type ForeignBundle } from './bundle';

/**
 * Open Badges 2.0 (assertions, https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final)
 * and 3.0 (OpenBadgeCredential, https://www.imsglobal.org/spec/ob/v3p0/), as JSON, as a compact
 * JWS/JWT, or baked into a PNG (iTXt chunk "openbadges" / "openbadgecredential") or an SVG
 * (<openbadges:assertion> / <openbadges:credential>). Kept as certificate evidence with issuer
 * and criteria, and with what could be checked of its proof offline.
 */
export interface BadgeInfo {
	version: '2.0' | '3.0';
	sourceId: string;
	name: string;
	description: string;
	issuerName: string;
	issuerUrl: string | null;
	issuedOn: string | null;
	expires: string | null;
	criteria: string;
	criteriaUrl: string | null;
	/** Where details live online when the badge only links to them. */
	detailsUrl: string | null;
	check: ProofCheck;
}

type Json = Record<string, unknown>;

const MAX_BADGE_BYTES = 10 * 1024 * 1024;
const OB_NS = 'http://openbadges.org';

function isObject(value: unknown): value is Json {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown, max = 5_000): string {
	return typeof value === 'string' ? clip(value.trim(), max) : '';
}

function types(value: Json): string[] {
	return ([] as unknown[]).concat(value.type ?? []).map(String);
}

function webUrl(value: unknown): string | null {
	return typeof value === 'string' && isWebUrl(value) ? value.slice(0, 2_000) : null;
}

/** The text of a PNG's iTXt or tEXt chunk with one of `keywords`, decompressed when needed. */
export async function pngText(
	bytes: Uint8Array,
	keywords: readonly string[]
): Promise<string | null> {
	const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (!signature.every((b, i) => bytes[i] === b)) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const latin1 = new TextDecoder('latin1');
	for (let offset = 8; offset + 12 <= bytes.length;) {
		const length = view.getUint32(offset);
		const type = latin1.decode(bytes.subarray(offset + 4, offset + 8));
		const data = bytes.subarray(offset + 8, offset + 8 + length);
		if (data.length !== length) return null;
		if (type === 'iTXt' || type === 'tEXt') {
			const zero = data.indexOf(0);
			const keyword = latin1.decode(data.subarray(0, zero));
			if (zero > 0 && keywords.includes(keyword)) {
				if (type === 'tEXt') return latin1.decode(data.subarray(zero + 1));
				const compressed = data[zero + 1] === 1;
				let rest = data.subarray(zero + 3);
				rest = rest.subarray(rest.indexOf(0) + 1); // language tag
				rest = rest.subarray(rest.indexOf(0) + 1); // translated keyword
				if (!compressed) return new TextDecoder().decode(rest);
				const input = rest;
				const stream = new ReadableStream<Uint8Array>({
					start(controller) {
						controller.enqueue(input);
						controller.close();
					}
				}).pipeThrough(
					new DecompressionStream('deflate') as unknown as TransformStream<Uint8Array, Uint8Array>
				);
				// Stop inflating past the cap: a few bytes of zlib can claim gigabytes.
				const chunks: Uint8Array[] = [];
				let size = 0;
				const reader = stream.getReader();
				for (;;) {
					const { value, done } = await reader.read();
					if (done) break;
					size += value.byteLength;
					if (size > MAX_BADGE_BYTES) {
						await reader.cancel();
						throw new ForeignFileError('tooLarge');
					}
					chunks.push(value);
				}
				return new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
			}
		}
		if (type === 'IEND') break;
		offset += 12 + length;
	}
	return null;
}

/** The assertion or credential inside a baked SVG. */
export function svgText(svg: string): string | null {
	if (/<!DOCTYPE|<!ENTITY/i.test(svg)) throw new ForeignFileError('doctype');
	const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
	if (doc.getElementsByTagName('parsererror').length) throw new ForeignFileError('notXml');
	for (const name of ['credential', 'assertion']) {
		const el = doc.getElementsByTagNameNS(OB_NS, name)[0];
		const text = el?.textContent?.trim();
		if (text) return text;
		const verify = el?.getAttribute('verify');
		if (verify)
			return JSON.stringify({
				'@context': 'https://w3id.org/openbadges/v2',
				id: verify,
				type: 'Assertion',
				hostedOnly: true
			});
	}
	return null;
}

/** A badge document from its text: JSON, or a compact JWS/JWT whose payload is the document. */
async function documentOf(text: string): Promise<{ doc: Json; jwsCheck: ProofCheck | null }> {
	const trimmed = text.trim();
	if (trimmed.startsWith('{')) {
		let value: unknown;
		try {
			value = JSON.parse(trimmed);
		} catch {
			throw new ForeignFileError('badgeInvalid', 'JSON');
		}
		if (!isObject(value)) throw new ForeignFileError('notBadge');
		return { doc: value, jwsCheck: null };
	}
	if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(trimmed)) {
		const { payload, check } = await checkJws(trimmed);
		if (!payload) throw new ForeignFileError('badgeInvalid', 'JWS');
		// VC-JWT (1.1) wraps the credential in "vc"; VC-JOSE (2.0) and OB 2.0 signed do not.
		return { doc: isObject(payload.vc) ? payload.vc : payload, jwsCheck: check };
	}
	throw new ForeignFileError('notBadge');
}

function fromCredential(doc: Json, check: ProofCheck): BadgeInfo {
	const subject = ([] as unknown[]).concat(doc.credentialSubject ?? [])[0];
	const achievement = isObject(subject) && isObject(subject.achievement) ? subject.achievement : {};
	const issuer = isObject(doc.issuer) ? doc.issuer : { id: doc.issuer };
	const criteria = isObject(achievement.criteria) ? achievement.criteria : {};
	const name = str(achievement.name, 200) || str(doc.name, 200);
	if (!name) throw new ForeignFileError('badgeInvalid', 'achievement.name');
	return {
		version: '3.0',
		sourceId: str(doc.id, 500) || name,
		name,
		description: str(achievement.description) || str(doc.description),
		issuerName: str(issuer.name, 200) || str(issuer.id, 200),
		issuerUrl: webUrl(issuer.url) ?? webUrl(issuer.id),
		issuedOn: str(doc.validFrom ?? doc.issuanceDate ?? doc.awardedDate, 40) || null,
		expires: str(doc.validUntil ?? doc.expirationDate, 40) || null,
		criteria: str(criteria.narrative, 20_000),
		criteriaUrl: webUrl(criteria.id),
		detailsUrl: null,
		check
	};
}

function fromAssertion(doc: Json, check: ProofCheck): BadgeInfo {
	const badge = isObject(doc.badge) ? doc.badge : null;
	const issuer = badge && isObject(badge.issuer) ? badge.issuer : null;
	const criteria = badge?.criteria;
	return {
		version: '2.0',
		sourceId: str(doc.id, 500) || str(doc.uid, 500) || JSON.stringify(doc).slice(0, 200),
		name: str(badge?.name, 200) || 'Open Badge',
		description: str(badge?.description),
		issuerName: str(issuer?.name, 200),
		issuerUrl: webUrl(issuer?.url) ?? webUrl(issuer?.id) ?? webUrl(badge?.issuer),
		issuedOn: str(doc.issuedOn, 40) || null,
		expires: str(doc.expires, 40) || null,
		criteria: isObject(criteria) ? str(criteria.narrative, 20_000) : '',
		criteriaUrl: isObject(criteria) ? webUrl(criteria.id) : webUrl(criteria),
		detailsUrl: badge ? null : (webUrl(doc.badge) ?? webUrl(doc.id)),
		check
	};
}

/** Reads a badge from the bytes of a JSON, JWS, PNG or SVG file. */
export async function readBadge(bytes: Uint8Array, type: string): Promise<BadgeInfo> {
	if (bytes.length > MAX_BADGE_BYTES) throw new ForeignFileError('tooLarge');
	let text: string | null;
	if (type === 'image/png' || bytes[0] === 0x89) {
		text = await pngText(bytes, ['openbadgecredential', 'openbadges']);
	} else {
		const decoded = new TextDecoder().decode(bytes);
		text =
			type === 'image/svg+xml' || /^\s*(<\?xml|<svg)/.test(decoded) ? svgText(decoded) : decoded;
	}
	if (!text) throw new ForeignFileError('notBadge');
	const { doc, jwsCheck } = await documentOf(text);
	const kinds = types(doc);
	if (kinds.includes('OpenBadgeCredential') || kinds.includes('AchievementCredential')) {
		return fromCredential(doc, jwsCheck ?? (await checkDataIntegrity(doc)));
	}
	if (kinds.includes('Assertion') || doc.badge !== undefined) {
		// 2.0 keys are published by the issuer (signed) or the assertion is hosted: both online.
		const hosted = doc.hostedOnly === true || !jwsCheck;
		const check: ProofCheck =
			jwsCheck?.status === 'verified'
				? jwsCheck
				: { status: 'offline', reason: hosted ? 'hosted' : 'remoteKey' };
		return fromAssertion(doc, jwsCheck?.status === 'failed' ? jwsCheck : check);
	}
	throw new ForeignFileError('notBadge');
}

/** The words the badge's description is written with, in the learner's language. */
export type BadgeLabels = (
	key: 'issuer' | 'issued' | 'expires' | 'criteria' | 'proof' | 'details' | `proof.${string}`,
	values?: Record<string, string>
) => string;

/** The Markdown a badge is kept with: issuer, dates, criteria and what its proof showed. */
export function badgeBody(badge: BadgeInfo, label: BadgeLabels): string {
	const lines = [];
	const issuer = badge.issuerUrl
		? `[${badge.issuerName || badge.issuerUrl}](${badge.issuerUrl})`
		: badge.issuerName;
	if (issuer) lines.push(`**${label('issuer')}:** ${issuer}`);
	if (badge.issuedOn) lines.push(`**${label('issued')}:** ${badge.issuedOn.slice(0, 10)}`);
	if (badge.expires) lines.push(`**${label('expires')}:** ${badge.expires.slice(0, 10)}`);
	const check = badge.check;
	const proof =
		check.status === 'verified'
			? label('proof.verified', { method: check.method })
			: label(`proof.${check.status}.${check.reason}`);
	lines.push(`**${label('proof')}:** ${proof}`);
	if (badge.detailsUrl) lines.push(`**${label('details')}:** <${badge.detailsUrl}>`);
	if (badge.criteria || badge.criteriaUrl) {
		lines.push('', `### ${label('criteria')}`, '');
		if (badge.criteria) lines.push(badge.criteria);
		if (badge.criteriaUrl) lines.push('', `<${badge.criteriaUrl}>`);
	}
	return lines.join('\n\n').replace(/\n{3,}/g, '\n\n');
}

/** A badge as certificate evidence, with its image file when it came baked into one. */
export async function badgeToBundle(
	badge: BadgeInfo,
	options: { now: string; label: BadgeLabels; image: { name: string; type: string } | null }
): Promise<ForeignBundle> {
	const id = await stableId('badge', badge.sourceId);
	// The badge's own date, so importing it again finds it unchanged and keeps the learner's edits.
	const stamp = stampOr(badge.issuedOn, options.now);
	const evidence: Evidence = {
		id,
		format: 'certificate',
		title: badge.name,
		date: stamp.slice(0, 10),
		description: clip(badge.description, 5_000),
		body: badgeBody(badge, options.label),
		url: badge.criteriaUrl ?? badge.detailsUrl,
		goalIds: [],
		tags: ['open badge'],
		createdAt: stamp,
		updatedAt: stamp
	};
	return {
		goals: [],
		evidence: [evidence],
		reflections: [],
		files: options.image
			? [
					{
						attachmentId: await stableId('file', badge.sourceId),
						ownerId: id,
						ref: 'image',
						name: options.image.name.slice(0, 255) || 'badge',
						type: options.image.type,
						createdAt: stamp
					}
				]
			: [],
		skipped: 0,
		missingFiles: []
	};
}
