/**
 * Converts HTML from another system (a LEAP2A entry) to Markdown, the form Koers keeps text in.
 * Loaded on demand. The HTML is parsed in an inert document: nothing in it runs or loads, and
 * script, style and embedded content are dropped; what is rendered later is sanitised again.
 */
export async function htmlToMarkdown(): Promise<(html: string) => string> {
	const { default: TurndownService } = await import('turndown');
	const service = new TurndownService({
		headingStyle: 'atx',
		bulletListMarker: '-',
		codeBlockStyle: 'fenced',
		emDelimiter: '_'
	});
	service.remove(['script', 'style', 'iframe', 'object', 'embed', 'form']);
	return (html) => service.turndown(html).trim();
}
