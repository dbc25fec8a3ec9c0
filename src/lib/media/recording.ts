/** The container and codecs to record in: the first the browser supports. */
export function recordingType(
	kind: 'video' | 'audio',
	supports: (type: string) => boolean
): string {
	const candidates =
		kind === 'video'
			? ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4']
			: ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4', 'audio/ogg;codecs=opus'];
	return candidates.find(supports) ?? '';
}

/** A file name for a recording made now, with the extension of its type. */
export function recordingName(kind: 'video' | 'audio', type: string, isoStamp: string): string {
	const extension = type.includes('mp4')
		? kind === 'video'
			? 'mp4'
			: 'm4a'
		: type.includes('ogg')
			? 'ogg'
			: 'webm';
	const stamp = isoStamp.slice(0, 16).replace('T', ' ').replace(':', '.');
	return `${kind === 'video' ? 'vlog' : 'audio'} ${stamp}.${extension}`;
}

/** Seconds as m:ss or h:mm:ss. */
export function clock(seconds: number): string {
	const s = Math.max(0, Math.floor(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const rest = String(s % 60).padStart(2, '0');
	return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/**
 * A video's real duration, and a poster frame taken a moment in, read from a media element
 * that has its metadata. Recordings made by MediaRecorder (WebM) carry no duration until the
 * browser has seen their end, so the element is sent there and back first.
 */
export async function videoFacts(
	video: HTMLVideoElement
): Promise<{ duration: number; poster: string | null }> {
	const once = (event: string) =>
		new Promise<void>((resolve) => video.addEventListener(event, () => resolve(), { once: true }));
	if (video.readyState < 1) await once('loadedmetadata');
	if (!Number.isFinite(video.duration)) {
		const known = once('durationchange');
		video.currentTime = Number.MAX_SAFE_INTEGER;
		await known;
		while (!Number.isFinite(video.duration)) await once('durationchange');
	}
	const duration = video.duration;
	const seeked = once('seeked');
	video.currentTime = Math.min(1, duration / 10);
	await seeked;
	let poster: string | null = null;
	if (video.videoWidth) {
		const canvas = document.createElement('canvas');
		const scale = Math.min(1, 640 / video.videoWidth);
		canvas.width = Math.round(video.videoWidth * scale);
		canvas.height = Math.round(video.videoHeight * scale);
		canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
		poster = canvas.toDataURL('image/jpeg', 0.8);
	}
	video.currentTime = 0;
	return { duration, poster };
}
