/// <reference lib="webworker" />
/**
 * Probes peer updates off the main thread (update-guard.ts), where a runaway can be stopped,
 * against its own mirror of the document.
 */
import * as Y from 'yjs';
import { mirrorRunner, probeOnMirror, type ProbeAnswer, type ProbeRequest } from './update-guard';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const run = mirrorRunner();

ctx.onmessage = ({ data }: MessageEvent<ProbeRequest>) => {
	const refused = run(data);
	if (data.kind !== 'probe') return;
	const answer: ProbeAnswer = { id: data.id, refused };
	ctx.postMessage(answer);
};

// The worker starts as its room opens, well before the first sync arrives: probing an update of
// the same shape now (a map of texts, as a share keeps its items) compiles and warms the code
// that probe runs, which would otherwise run cold on the way to the first view.
const sample = new Y.Doc();
const entries = sample.getMap<string>('content');
for (let i = 0; i < 300; i++)
	entries.set(`item-${i}`, JSON.stringify({ id: i, text: 'x'.repeat(300) }));
probeOnMirror(new Y.Doc(), Y.encodeStateAsUpdate(sample));
sample.destroy();
