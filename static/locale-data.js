// Started by app.html's first-screen script as a worker named after the page's language. The first
// number or date a page formats loads that language's data into the browser (some 30 ms on a
// phone); the browser keeps it for every thread of the page. Formatting one of each here does that
// work on a thread of its own, while the app's code arrives, so the first view's dates and numbers
// cost the page's main thread well under a millisecond.
try {
	const locale = self.name || undefined;
	new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(1.5);
	new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(0);
	new Intl.PluralRules(locale).select(1);
	new Intl.Collator(locale).compare('a', 'b');
} catch {
	// Only a head start: the page loads the data itself when it first needs it.
}
self.close();
