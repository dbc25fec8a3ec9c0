import { describe, expect, it } from 'vitest';
import { clock, recordingName, recordingType } from './recording';

describe('recording', () => {
	it('picks the first container the browser can record', () => {
		expect(recordingType('video', (t) => t === 'video/webm' || t === 'video/mp4')).toBe(
			'video/webm'
		);
		expect(recordingType('audio', (t) => t === 'audio/mp4')).toBe('audio/mp4');
		expect(recordingType('video', () => false)).toBe('');
	});

	it('names a recording by kind, time and container', () => {
		const now = '2026-11-22T14:05:00.000Z';
		expect(recordingName('video', 'video/webm;codecs=vp9,opus', now)).toBe(
			'vlog 2026-11-22 14.05.webm'
		);
		expect(recordingName('audio', 'audio/mp4', now)).toBe('audio 2026-11-22 14.05.m4a');
	});

	it('shows a running time', () => {
		expect(clock(0)).toBe('0:00');
		expect(clock(75.9)).toBe('1:15');
		expect(clock(3_725)).toBe('1:02:05');
	});
});
