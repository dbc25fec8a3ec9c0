import type { Backup } from '$lib/domain/backup/manifest';
import { FILES_DIR } from '$lib/domain/backup/manifest';

/** The words the viewer shows, in the learner's language, looked up when the export runs. */
export type ViewerLabels = Record<string, string>;

/** Texts written in Markdown, rendered (and sanitised) when the export runs, by record id. */
export type ViewerHtml = Record<string, string>;

/** Renders the Markdown the viewer shows: evidence bodies and goal descriptions. */
export async function viewerMarkdown(
	backup: Backup,
	render: (source: string) => Promise<string>
): Promise<ViewerHtml> {
	const html: ViewerHtml = {};
	for (const e of backup.tables.evidence) if (e.body) html[e.id] = await render(e.body);
	for (const g of backup.tables.goals) if (g.description) html[g.id] = await render(g.description);
	return html;
}

/** What the viewer shows: the portfolio, without shares (their keys and links stay in koers.json). */
function viewerData(backup: Backup, html: ViewerHtml = {}) {
	const {
		shares: _shares,
		receivedShares: _received,
		questions: _questions,
		profile: _profile,
		...portfolio
	} = backup.tables;
	return { exportedAt: backup.exportedAt, filesDir: FILES_DIR, html, ...portfolio };
}
type ViewerData = ReturnType<typeof viewerData>;

/**
 * Renders the portfolio into the page. It runs inside the exported `index.html`, opened from
 * disk in any browser, so it is written to stand alone: no imports, no closures, text through
 * textContent, files referenced by their relative path in the ZIP. Markdown arrives as HTML
 * sanitised at export; it is parsed inertly here and copied element by element through an
 * allowlist, so even an edited file cannot run script or load from elsewhere.
 */
function renderPortfolio(data: ViewerData, labels: ViewerLabels, lang: string): void {
	const L = (key: string) => labels[key] ?? key;
	const el = (tag: string, text?: string | null, className?: string): HTMLElement => {
		const node = document.createElement(tag);
		if (text) node.textContent = text;
		if (className) node.className = className;
		return node;
	};
	const TAGS = new Set(
		'P BR HR H2 H3 H4 H5 H6 UL OL LI STRONG EM B I S DEL CODE PRE BLOCKQUOTE A TABLE THEAD TBODY TR TH TD IMG'.split(
			' '
		)
	);
	const rich = (html: string, className: string): HTMLElement => {
		const box = el('div', null, className);
		const copy = (from: Node, into: Node) => {
			for (const node of Array.from(from.childNodes)) {
				if (node.nodeType === 3) into.appendChild(document.createTextNode(node.textContent ?? ''));
				if (node.nodeType !== 1) continue;
				const source = node as Element;
				if (!TAGS.has(source.tagName)) {
					copy(source, into);
					continue;
				}
				const target = document.createElement(source.tagName);
				const href = source.getAttribute('href') ?? '';
				if (source.tagName === 'A' && /^(https?:|mailto:|#)/i.test(href)) {
					target.setAttribute('href', href);
					target.setAttribute('rel', 'noopener noreferrer');
				}
				const src = source.getAttribute('src') ?? '';
				if (source.tagName === 'IMG' && /^data:image\/(png|jpeg|gif|webp);/i.test(src)) {
					target.setAttribute('src', src);
					target.setAttribute('alt', source.getAttribute('alt') ?? '');
				}
				copy(source, target);
				into.appendChild(target);
			}
		};
		copy(new DOMParser().parseFromString(html, 'text/html').body, box);
		return box;
	};
	const date = (iso: string) => {
		const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
		return new Date(y!, m! - 1, d!).toLocaleDateString(lang, { dateStyle: 'medium' });
	};
	const section = (id: string, title: string, count: number) => {
		const node = el('section');
		node.id = id;
		node.append(el('h2', `${title} (${count})`));
		main.append(node);
		const link = el('a', title) as HTMLAnchorElement;
		link.href = `#${id}`;
		nav.append(link);
		return node;
	};
	const feedbackOn = (itemId: string, into: HTMLElement) => {
		for (const r of data.responses) {
			if (r.kind === 'feedback' && r.itemId === itemId) {
				const box = el('blockquote', null, 'feedback');
				box.append(el('p', r.text, 'text'), el('p', `${r.author} · ${date(r.createdAt)}`, 'meta'));
				into.append(box);
			}
			if (r.kind === 'signOff' && r.goalId === itemId) {
				const box = el('blockquote', null, 'feedback signoff');
				box.append(
					el('p', `${L('viewer.signedOff')}: ${r.statement}`, 'text'),
					el('p', `${r.author} · ${date(r.date)}`, 'meta')
				);
				into.append(box);
			}
		}
	};
	const reflectionsOn = (id: string, into: HTMLElement) => {
		for (const r of data.reflections.filter((x) => x.subjectId === id)) {
			const box = el('div', null, 'reflection');
			box.append(
				el('h4', `${L('viewer.reflection')} · ${L(`template.${r.template}`)} · ${date(r.date)}`)
			);
			for (const [step, text] of Object.entries(r.steps)) {
				if (!text) continue;
				box.append(el('h5', L(`step.${r.template}.${step}`)), el('p', text, 'text'));
			}
			into.append(box);
		}
	};

	document.title = L('viewer.title');
	const header = el('header');
	header.append(
		el('h1', L('viewer.title')),
		el('p', `${L('viewer.exportedOn')} ${date(data.exportedAt)}`, 'meta'),
		el('p', L('viewer.lead'), 'meta')
	);
	const nav = el('nav');
	const main = el('main');
	document.body.append(header, nav, main);

	const goals = section('goals', L('viewer.goals'), data.goals.length);
	if (!data.goals.length) goals.append(el('p', L('viewer.none'), 'meta'));
	for (const g of data.goals) {
		const card = el('article');
		card.id = `goal-${g.id}`;
		card.append(el('h3', g.title));
		const facts = [L(`status.${g.status}`)];
		if (g.targetDate) facts.push(`${L('viewer.target')} ${date(g.targetDate)}`);
		if (g.tags.length) facts.push(g.tags.map((t) => `#${t}`).join(' '));
		card.append(el('p', facts.join(' · '), 'meta'));
		if (g.description)
			card.append(
				data.html[g.id] ? rich(data.html[g.id]!, 'body') : el('p', g.description, 'text')
			);
		if (g.successCriteria.length) {
			card.append(el('h4', L('viewer.successCriteria')));
			const list = el('ul');
			for (const c of g.successCriteria) list.append(el('li', c));
			card.append(list);
		}
		const steps = data.pathSteps.filter((p) => p.goalId === g.id).sort((a, b) => a.order - b.order);
		if (steps.length) {
			card.append(el('h4', L('viewer.path')));
			const list = el('ol');
			for (const step of steps) {
				list.append(
					el('li', `${step.doneAt ? '✓ ' : ''}${L(`path.block.${step.block}`)}: ${step.title}`)
				);
			}
			card.append(list);
		}
		const linked = data.evidence.filter((e) => e.goalIds.includes(g.id));
		if (linked.length) {
			card.append(el('h4', L('viewer.evidence')));
			const list = el('ul');
			for (const e of linked) {
				const item = el('li');
				const link = el('a', e.title) as HTMLAnchorElement;
				link.href = `#evidence-${e.id}`;
				item.append(link);
				list.append(item);
			}
			card.append(list);
		}
		reflectionsOn(g.id, card);
		feedbackOn(g.id, card);
		goals.append(card);
	}

	const evidence = section('evidence', L('viewer.evidence'), data.evidence.length);
	if (!data.evidence.length) evidence.append(el('p', L('viewer.none'), 'meta'));
	for (const e of [...data.evidence].sort((a, b) => b.date.localeCompare(a.date))) {
		const card = el('article');
		card.id = `evidence-${e.id}`;
		card.append(el('h3', e.title), el('p', `${L(`format.${e.format}`)} · ${date(e.date)}`, 'meta'));
		if (e.description) card.append(el('p', e.description, 'text'));
		if (e.body)
			card.append(
				data.html[e.id] ? rich(data.html[e.id]!, 'body') : el('div', e.body, 'text body')
			);
		if (e.url) {
			const link = el('a', e.url) as HTMLAnchorElement;
			link.href = e.url;
			link.rel = 'noopener noreferrer';
			const line = el('p');
			line.append(link);
			card.append(line);
		}
		for (const a of data.attachments.filter((x) => x.ownerId === e.id)) {
			const src = data.filesDir + a.sha256;
			const figure = el('figure');
			if (a.type.startsWith('image/') && a.type !== 'image/svg+xml') {
				const img = el('img') as HTMLImageElement;
				img.src = src;
				img.alt = a.name;
				img.loading = 'lazy';
				figure.append(img);
			} else if (a.type.startsWith('video/') || a.type.startsWith('audio/')) {
				const media = el(a.type.startsWith('video/') ? 'video' : 'audio') as HTMLMediaElement;
				media.src = src;
				media.controls = true;
				media.preload = 'metadata';
				figure.append(media);
			}
			const link = el(
				'a',
				`${a.name} (${Math.max(1, Math.round(a.size / 1000))} kB)`
			) as HTMLAnchorElement;
			link.href = src;
			link.download = a.name;
			const caption = el('figcaption');
			caption.append(link);
			figure.append(caption);
			card.append(figure);
		}
		reflectionsOn(e.id, card);
		feedbackOn(e.id, card);
		evidence.append(card);
	}

	if (data.frameworks.length) {
		const section2 = section('competencies', L('viewer.competencies'), data.frameworks.length);
		const titles = new Map(data.evidence.map((e) => [e.id, e.title]));
		for (const f of data.frameworks) {
			const card = el('article');
			card.append(el('h3', f.title));
			const children = new Map<string | null, typeof f.competencies>();
			for (const c of f.competencies)
				children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
			const list = el('ul');
			const walk = (parent: string | null, into: HTMLElement) => {
				for (const c of children.get(parent) ?? []) {
					const key = `${f.id}|${c.id}`;
					const rated = data.assessments
						.filter((a) => a.competency === key)
						.sort((a, b) => a.date.localeCompare(b.date));
					const mastered = rated.some((a) => a.kind === 'entry');
					const last = rated.filter((a) => a.kind === 'self').pop();
					const level = last ? f.levels.find((l) => l.id === last.levelId)?.name : undefined;
					const evidenceTitles = data.competencyLinks
						.filter((l) => l.competency === key && l.recordKind === 'evidence')
						.map((l) => titles.get(l.recordId))
						.filter(Boolean);
					const item = el('li', `${c.code ? `${c.code} ` : ''}${c.title}`);
					const facts = [
						mastered ? L('viewer.mastered') : level ? `${L('viewer.level')}: ${level}` : '',
						evidenceTitles.length ? `${L('viewer.evidence')}: ${evidenceTitles.join(', ')}` : ''
					].filter(Boolean);
					if (facts.length) item.append(el('span', ` — ${facts.join(' · ')}`, 'meta'));
					const sub = el('ul');
					walk(c.id, sub);
					if (sub.childElementCount) item.append(sub);
					into.append(item);
				}
			};
			walk(null, list);
			card.append(list);
			section2.append(card);
		}
	}

	if (data.registers.length || data.peActivities.length) {
		const pe = section('pe', L('viewer.pe'), data.peActivities.length);
		for (const r of data.registers) {
			const card = el('article');
			card.append(el('h3', r.name));
			const table = el('table');
			const head = el('tr');
			for (const h of ['viewer.date', 'viewer.activity', 'viewer.provider', 'viewer.points']) {
				head.append(el('th', L(h)));
			}
			table.append(head);
			for (const a of [...data.peActivities].sort((x, y) => y.endDate.localeCompare(x.endDate))) {
				const credit = a.credits.find((c) => c.registerId === r.id);
				if (!credit) continue;
				const row = el('tr');
				const activity = el('td', `${a.title} (${L(`pe.type.${a.type}`)})`);
				// Certificates open from the files folder next to this page.
				for (const file of data.attachments.filter((x) => x.ownerId === a.id)) {
					const link = el('a', file.name) as HTMLAnchorElement;
					link.href = data.filesDir + file.sha256;
					link.download = file.name;
					const line = el('div', null, 'meta');
					line.append(link);
					activity.append(line);
				}
				row.append(
					el('td', date(a.endDate)),
					activity,
					el('td', a.provider),
					el('td', credit.points.toLocaleString(lang), 'number')
				);
				table.append(row);
			}
			card.append(table);
			pe.append(card);
		}
	}
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1d2330;--muted:#5b6475;--bg:#f7f7f4;--card:#fff;--line:#d9dbe0;--accent:#1f6f5c}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaee;--muted:#a5adbb;--bg:#15181e;--card:#1e222a;--line:#343a46;--accent:#5cc3a6}}
*{box-sizing:border-box}body{margin:0 auto;max-width:60rem;padding:1.5rem;font:16px/1.55 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.9rem;margin:0 0 .25rem}h2{font-size:1.4rem;margin:2rem 0 .75rem}h3{font-size:1.15rem;margin:0 0 .25rem}h4{font-size:1rem;margin:1rem 0 .25rem}h5{font-size:.9rem;margin:.75rem 0 .1rem}
nav{display:flex;gap:1rem;flex-wrap:wrap;padding:.75rem 0;border-bottom:1px solid var(--line)}a{color:var(--accent)}
article{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem 1.25rem;margin:0 0 1rem;break-inside:avoid}
.meta{color:var(--muted);font-size:.9rem;margin:.1rem 0}.text{white-space:pre-wrap;overflow-wrap:anywhere}
.reflection,.feedback{border-left:3px solid var(--accent);margin:.75rem 0 0;padding:.25rem .75rem}
img,video{max-width:100%;height:auto;border-radius:.4rem}audio{width:100%}figure{margin:.75rem 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line)}.number{text-align:right}
@media print{body{background:#fff;color:#000}nav{display:none}article{border-color:#999}}
`;

/** JSON that is safe inside a <script> element: no "</script>" or "<!--" can close it. */
function scriptJson(value: unknown): string {
	return JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/\u2028|\u2029/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
}

/** The exported `index.html`: the portfolio read-only, for any browser, without Koers. */
export function viewerHtml(
	backup: Backup,
	labels: ViewerLabels,
	lang: string,
	html: ViewerHtml = {}
): string {
	return `<!doctype html>
<html lang="${lang === 'nl' ? 'nl' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data: blob:; media-src 'self' file: blob:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Koers</title>
<style>${STYLE}</style>
</head>
<body>
<script type="application/json" id="koers-data">${scriptJson(viewerData(backup, html))}</script>
<script type="application/json" id="koers-labels">${scriptJson(labels)}</script>
<script>
(${String(renderPortfolio)})(
	JSON.parse(document.getElementById('koers-data').textContent),
	JSON.parse(document.getElementById('koers-labels').textContent),
	${JSON.stringify(lang)}
);
</script>
</body>
</html>
`;
}

/** The message keys the viewer uses, beyond those named after vocabulary. */
export const VIEWER_KEYS = [
	'viewer.title',
	'viewer.lead',
	'viewer.exportedOn',
	'viewer.goals',
	'viewer.evidence',
	'viewer.pe',
	'viewer.none',
	'viewer.target',
	'viewer.successCriteria',
	'viewer.reflection',
	'viewer.signedOff',
	'viewer.date',
	'viewer.activity',
	'viewer.provider',
	'viewer.points',
	'viewer.path',
	'viewer.competencies',
	'viewer.mastered',
	'viewer.level'
] as const;
