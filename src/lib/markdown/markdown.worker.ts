/// <reference lib="webworker" />
/** Parses Markdown off the main thread (render.ts); the page sanitises what comes back. */
import { createParser, type ParseAnswer, type ParseRequest } from './parse';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const parse = createParser();

ctx.onmessage = ({ data }: MessageEvent<ParseRequest>) => {
	let html: string | null;
	try {
		html = parse(data.source);
	} catch {
		html = null;
	}
	const answer: ParseAnswer = { id: data.id, html };
	ctx.postMessage(answer);
};
