import { linkIsIntact, parseShareFragment } from '$lib/domain/share/links';
import { startEarly } from './live';

/**
 * Run by the page's first script (src/app.html) on a live link, before the app starts: the
 * connection to the learner starts now (live.ts, startEarly) and the app takes it over when it
 * opens the link. Only a link that proves its key (its check) starts one: a changed link is
 * refused by the app, with nothing stored.
 */
const link = location.pathname.endsWith('/open') ? parseShareFragment(location.hash) : null;
if (link?.k === 'live' && linkIsIntact(link)) startEarly(link.r, link.s);
