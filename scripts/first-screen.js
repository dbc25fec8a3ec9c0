// The first screen, painted from the built HTML before any JavaScript or the database is ready:
// the navigation and the page header (and, for a learner with nothing stored yet, the welcome),
// in Dutch or English, with the texts of the message catalogs. svelte.config.js builds it into
// app.html (%sveltekit.env.PUBLIC_KOERS_FIRST_SCREEN%, English start page without JavaScript);
// a small inline script (app.html) then picks the language and the page. The app removes it as
// soon as its own screen is ready (src/lib/state/first-screen.ts); the classes mirror the app's
// components (app-nav, page-header, empty-state), styled in app.css under #first-screen.
import { readFileSync } from 'node:fs';

const root = new URL('../src/', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

/** The icons' paths, from the app's own icon component. */
function iconPaths() {
	const source = read('lib/components/icon.svelte');
	const block = source.slice(source.indexOf('const PATHS'), source.indexOf('} as const'));
	return Object.fromEntries(
		[...block.matchAll(/(\w+):\s*'([^']+)'/g)].map((match) => [match[1], match[2]])
	);
}

const escape = (text) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The first screen's parts for each language: `nav`, `home` (the start page's header), `welcome`
 * (for a learner with nothing stored yet) and `open` (a share link being opened), as HTML.
 */
export function firstScreenParts() {
	const paths = iconPaths();
	const icon = (name, size = 20) =>
		`<svg width="${size}" height="${size}" viewBox="0 0 24 24" aria-hidden="true" ` +
		(name === 'compass'
			? 'fill="currentColor" stroke="none"'
			: 'fill="none" stroke="currentColor"') +
		` stroke-width="2" stroke-linecap="round" stroke-linejoin="round" fill-rule="evenodd"><path d="${paths[name]}"></path></svg>`;
	/** @type {Record<string, Record<string, string>>} */
	const parts = {};
	for (const locale of ['en', 'nl']) {
		const catalog = JSON.parse(read(`lib/i18n/catalogs/${locale}.json`));
		const t = (key) => {
			if (typeof catalog[key] !== 'string')
				throw new Error(`first screen: no "${key}" in ${locale}`);
			return escape(catalog[key]);
		};
		const links = [
			['/', 'nav.home', 'home'],
			['/goals', 'nav.goals', 'flag'],
			['/evidence', 'nav.evidence', 'file'],
			['/competencies', 'nav.competencies', 'target'],
			['/pe', 'nav.pe', 'award'],
			['/share', 'nav.share', 'share']
		];
		const tools = [
			['/search', 'nav.search', 'search'],
			['/settings', 'nav.settings', 'gear']
		];
		const nav =
			`<header class="app-header"><div class="inner">` +
			`<a class="brand" href="/">${icon('compass', 28)}<span>Koers</span></a>` +
			`<nav aria-label="${t('nav.label')}"><ul class="list-reset">` +
			links
				.map(
					([href, key, name]) =>
						`<li><a href="${href}">${icon(name, 22)}<span>${t(key)}</span></a></li>`
				)
				.join('') +
			`</ul></nav><ul class="list-reset tools">` +
			tools
				.map(
					([href, key, name]) =>
						`<li><a href="${href}" aria-label="${t(key)}" title="${t(key)}">${icon(name, 22)}</a></li>`
				)
				.join('') +
			`</ul></div></header>`;
		const home =
			`<div class="page-header"><div><h1>${t('home.title')}</h1><p class="muted">${t('home.lead')}</p></div>` +
			`<div class="cluster"><a class="button" href="/goals/new">${icon('plus')}${t('goals.new')}</a>` +
			`<a class="button quiet" href="/evidence/new">${t('evidence.new')}</a>` +
			`<a class="button quiet" href="/overview">${icon('chart')}${t('overview.title')}</a></div></div>`;
		const welcome =
			`<div class="empty"><span class="icon">${icon('compass', 32)}</span>` +
			`<h2>${t('home.welcomeTitle')}</h2><p class="muted">${t('home.welcomeText')}</p>` +
			`<div class="cluster"><a class="button" href="/goals/new">${t('home.firstGoal')}</a></div></div>` +
			`<p class="privacy small muted">${t('home.privacy')}</p>`;
		const open = `<div class="page-header"><div><h1>${t('share.opening')}</h1></div></div>`;
		parts[locale] = { nav, home, welcome, open };
	}
	return parts;
}

/** The first screen as the HTML holds it: the English start page for a first visit. */
export function firstScreenHtml() {
	const { en } = firstScreenParts();
	return `${en.nav}<main>${en.home}${en.welcome}</main>`;
}
