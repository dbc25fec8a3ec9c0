/// <reference lib="webworker" />
/** Probes peer updates off the main thread (update-guard.ts), where a runaway can be stopped. */
import { probeUpdate, type ProbeAnswer, type ProbeRequest } from './update-guard';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

ctx.onmessage = ({ data }: MessageEvent<ProbeRequest>) => {
	const answer: ProbeAnswer = { id: data.id, refused: probeUpdate(data.state, data.update) };
	ctx.postMessage(answer);
};
