import { nowStamp } from '$lib/domain/dates';
import { clock, recordingName, recordingType } from '$lib/media/recording';

export type RecorderPhase = 'idle' | 'asking' | 'recording' | 'recorded' | 'error';

/**
 * Records a vlog (camera and microphone) or audio in the browser with MediaRecorder, offline:
 * a live preview while recording, a running timer, then playback with retake or use.
 * The recording stays in browser-managed Blob parts, not in a JS array of bytes.
 */
export class Recorder {
	phase = $state<RecorderPhase>('idle');
	kind = $state<'video' | 'audio'>('video');
	elapsed = $state(0);
	stream = $state.raw<MediaStream>();
	recording = $state.raw<File>();
	error = $state<'denied' | 'unsupported' | 'failed'>();
	#recorder: MediaRecorder | undefined;
	#timer: ReturnType<typeof setInterval> | undefined;

	get time(): string {
		return clock(this.elapsed);
	}

	static supported(): boolean {
		return typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
	}

	async start(kind: 'video' | 'audio'): Promise<void> {
		this.discard();
		this.kind = kind;
		const type = Recorder.supported()
			? recordingType(kind, (t) => MediaRecorder.isTypeSupported(t))
			: '';
		if (!type) {
			this.fail('unsupported');
			return;
		}
		this.phase = 'asking';
		try {
			this.stream = await navigator.mediaDevices.getUserMedia(
				kind === 'video' ? { video: { width: { ideal: 1280 } }, audio: true } : { audio: true }
			);
		} catch (error) {
			this.fail((error as Error).name === 'NotAllowedError' ? 'denied' : 'failed');
			return;
		}
		const parts: Blob[] = [];
		const recorder = new MediaRecorder(this.stream, { mimeType: type });
		recorder.ondataavailable = (event) => {
			if (event.data.size) parts.push(event.data);
		};
		recorder.onstop = () => {
			const blob = new Blob(parts, { type: recorder.mimeType || type });
			this.recording = new File([blob], recordingName(kind, blob.type, nowStamp()), {
				type: blob.type.split(';')[0]
			});
			this.#release();
			this.phase = 'recorded';
		};
		this.#recorder = recorder;
		recorder.start(1_000);
		const started = performance.now();
		this.elapsed = 0;
		this.#timer = setInterval(() => (this.elapsed = (performance.now() - started) / 1000), 250);
		this.phase = 'recording';
	}

	stop(): void {
		clearInterval(this.#timer);
		if (this.#recorder?.state === 'recording') this.#recorder.stop();
	}

	/** Throws the recording away and frees the camera and microphone. */
	discard(): void {
		clearInterval(this.#timer);
		if (this.#recorder?.state === 'recording') {
			this.#recorder.onstop = null;
			this.#recorder.stop();
		}
		this.#recorder = undefined;
		this.#release();
		this.recording = undefined;
		this.error = undefined;
		this.elapsed = 0;
		this.phase = 'idle';
	}

	#release(): void {
		for (const track of this.stream?.getTracks() ?? []) track.stop();
		this.stream = undefined;
	}

	private fail(error: NonNullable<Recorder['error']>): void {
		this.#release();
		this.error = error;
		this.phase = 'error';
	}
}
