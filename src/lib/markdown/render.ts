/**
 * Markdown → safe HTML. The renderer and sanitiser load on demand (they are not needed for the
 * first paint). DOMPurify strips scripts, event handlers and unsafe URLs; on top of that, images
 * may only come from the device (data:/blob:), so a report can never make the browser call a
 * third party, and links open in a new tab without an opener.
 */
let renderer: Promise<(source: string) => string> | undefined;

async function createRenderer(): Promise<(source: string) => string> {
	const [{ Marked }, { default: DOMPurify }] = await Promise.all([
		import('marked'),
		import('dompurify')
	]);
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
	return (source) =>
		DOMPurify.sanitize(marked.parse(source) as string, {
			USE_PROFILES: { html: true },
			FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
			FORBID_ATTR: ['style']
		});
}

/** Renders Markdown to sanitised HTML. */
export async function renderMarkdown(source: string): Promise<string> {
	renderer ??= createRenderer();
	return (await renderer)(source);
}
