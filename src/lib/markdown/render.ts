import type { ParseAnswer, ParseRequest } from './parse';

/**
 * Markdown → safe HTML. Parsing runs in a worker (markdown.worker.ts): building marked's grammar
 * and parsing long text never block the page, the first view of a share included. Sanitising
 * needs the page's DOM and runs here: DOMPurify strips scripts, event handlers and unsafe URLs;
 * on top of that, images may only come from the device (data:/blob:), so a report can never
 * make the browser call a third party, and links open in a new tab without an opener. Where no
 * worker can start (or it fails), the page parses itself. All of it loads on demand.
 */

type Parse = (source: string) => Promise<string>;
type Sanitise = (html: string) => string;

let sanitiser: Promise<Sanitise> | undefined;
let parser: Parse | undefined;

async function createSanitiser(): Promise<Sanitise> {
	const { default: DOMPurify } = await import('dompurify');
	DOMPurify.addHook('afterSanitizeAttributes', (node) => {
		if (node.tagName === 'A' && node.hasAttribute('href')) {
			node.setAttribute('target', '_blank');
			node.setAttribute('rel', 'noopener noreferrer nofollow');
		}
		if (node.tagName === 'IMG' && !/^(data|blob):/i.test(node.getAttribute('src') ?? '')) {
			node.removeAttribute('src');
			node.removeAttribute('srcset');
		}
	});
	return (html) =>
		DOMPurify.sanitize(html, {
			USE_PROFILES: { html: true },
			FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
			FORBID_ATTR: ['style']
		});
}

/** Parses on this thread (marked loads on first use). */
function parseHere(): Parse {
	const parsing = import('./parse').then(({ createParser }) => createParser());
	return async (source) => (await parsing)(source);
}

/** Parses in a worker; once it fails, everything waiting and all later text parses here. */
function parseInWorker(): Parse {
	const waiting = new Map<number, (html: string | null) => void>();
	let next = 0;
	let worker: Worker | undefined = new Worker(new URL('./markdown.worker.ts', import.meta.url), {
		type: 'module'
	});
	let here: Parse | undefined;
	const fallback: Parse = (source) => (here ??= parseHere())(source);
	const fail = () => {
		worker?.terminate();
		worker = undefined;
		for (const resolve of waiting.values()) resolve(null);
		waiting.clear();
	};
	worker.onmessage = ({ data }: MessageEvent<ParseAnswer>) => {
		waiting.get(data.id)?.(data.html);
		waiting.delete(data.id);
	};
	worker.onerror = fail;
	return async (source) => {
		const current = worker;
		if (!current) return fallback(source);
		const html = await new Promise<string | null>((resolve) => {
			const id = next++;
			waiting.set(id, resolve);
			current.postMessage({ id, source } satisfies ParseRequest);
		});
		return html ?? fallback(source);
	};
}

/** Renders Markdown to sanitised HTML. */
export async function renderMarkdown(source: string): Promise<string> {
	sanitiser ??= createSanitiser();
	parser ??= typeof Worker === 'function' ? parseInWorker() : parseHere();
	const [sanitise, html] = await Promise.all([sanitiser, parser(source)]);
	return sanitise(html);
}
