import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fileView, formatBytes } from './attachment';
import { EvidenceFormSchema, emptyEvidenceForm, isWebUrl } from './evidence';
import { fieldErrors } from './validation';

describe('isWebUrl', () => {
	it('accepts only http and https addresses', () => {
		expect(isWebUrl('https://example.org/talk')).toBe(true);
		expect(isWebUrl('http://intranet.local/x')).toBe(true);
		expect(isWebUrl('javascript:alert(1)')).toBe(false);
		expect(isWebUrl('data:text/html,<script>alert(1)</script>')).toBe(false);
		expect(isWebUrl('not a url')).toBe(false);
	});
});

describe('EvidenceFormSchema', () => {
	const form = (overrides = {}) => ({ ...emptyEvidenceForm('2026-03-01'), ...overrides });

	it('parses a written report', () => {
		const result = v.parse(EvidenceFormSchema, form({ title: 'Sprint report', body: '# Hi' }));
		expect(result).toMatchObject({ format: 'report', url: null, body: '# Hi', tags: [] });
	});

	it('requires a web address for a link, and refuses a script address', () => {
		const missing = v.safeParse(EvidenceFormSchema, form({ title: 'Talk', format: 'link' }));
		expect(missing.success || fieldErrors(missing.issues)).toEqual({ url: 'error.urlRequired' });
		const hostile = v.safeParse(
			EvidenceFormSchema,
			form({ title: 'Talk', format: 'link', url: 'javascript:alert(1)' })
		);
		expect(hostile.success || fieldErrors(hostile.issues)).toEqual({ url: 'error.url' });
	});

	it('reports a missing title and an invalid date', () => {
		const result = v.safeParse(EvidenceFormSchema, form({ date: 'yesterday' }));
		expect(result.success || fieldErrors(result.issues)).toEqual({
			title: 'error.titleRequired',
			date: 'error.date'
		});
	});
});

describe('fileView', () => {
	it('chooses an inline viewer by type, never rendering SVG inline', () => {
		expect(fileView('image/png')).toBe('image');
		expect(fileView('image/svg+xml')).toBe('none');
		expect(fileView('video/webm')).toBe('video');
		expect(fileView('audio/ogg')).toBe('audio');
		expect(fileView('application/pdf')).toBe('pdf');
		expect(fileView('application/vnd.ms-powerpoint')).toBe('none');
	});
});

describe('formatBytes', () => {
	it('formats sizes per locale', () => {
		expect(formatBytes(512, 'en')).toBe('512 bytes');
		expect(formatBytes(4_200_000, 'en')).toBe('4.2 MB');
		expect(formatBytes(4_200_000, 'nl')).toBe('4,2 MB');
	});
});
