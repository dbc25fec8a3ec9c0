/// <reference lib="webworker" />
/**
 * Probes peer updates off the main thread (update-guard.ts), where a runaway can be stopped,
 * against its own mirror of the document.
 */
import { mirrorRunner, type ProbeAnswer, type ProbeRequest } from './update-guard';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const run = mirrorRunner();

ctx.onmessage = ({ data }: MessageEvent<ProbeRequest>) => {
	const refused = run(data);
	if (data.kind !== 'probe') return;
	const answer: ProbeAnswer = { id: data.id, refused };
	ctx.postMessage(answer);
};
