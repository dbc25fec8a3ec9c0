import { Marked } from 'marked';

/**
 * Markdown → HTML, not yet sanitised (render.ts sanitises it). Runs in markdown.worker.ts, so
 * building marked's grammar and parsing a long report never hold up the page; and on the main
 * thread where a worker cannot start.
 */
export function createParser(): (source: string) => string {
	const marked = new Marked({
		gfm: true,
		async: false,
		// The page owns the only h1: headings in a learner's text start one level lower.
		renderer: {
			heading({ tokens, depth }) {
				const level = Math.min(depth + 1, 6);
				return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
			}
		}
	});
	return (source) => marked.parse(source) as string;
}

/** A request to the worker: Markdown to parse. */
export interface ParseRequest {
	id: number;
	source: string;
}

/** The worker's answer: the HTML, or null when parsing failed. */
export interface ParseAnswer {
	id: number;
	html: string | null;
}
