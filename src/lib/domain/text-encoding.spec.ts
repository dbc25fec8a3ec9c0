import { describe, expect, it } from 'vitest';
import { decodeText, readText } from './text-encoding';

/** "Casuïstiek;4,5" as Dutch Excel saves it: Windows-1252, ï is the single byte 0xEF. */
const WINDOWS_1252 = new Uint8Array([
	0x43, 0x61, 0x73, 0x75, 0xef, 0x73, 0x74, 0x69, 0x65, 0x6b, 0x3b, 0x34, 0x2c, 0x35
]);

describe('decodeText', () => {
	it('reads UTF-8, with or without a byte order mark', () => {
		const utf8 = new TextEncoder().encode('Casuïstiek');
		expect(decodeText(utf8)).toBe('Casuïstiek');
		expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe('Casuïstiek');
	});

	it('reads a Windows-1252 file as Windows-1252, not as replacement characters', () => {
		expect(decodeText(WINDOWS_1252)).toBe('Casuïstiek;4,5');
		expect(decodeText(new Uint8Array([0x80, 0x20, 0x31, 0x32]))).toBe('€ 12');
	});

	it('reads a file the learner chose', async () => {
		expect(await readText(new Blob([WINDOWS_1252]))).toBe('Casuïstiek;4,5');
	});
});
