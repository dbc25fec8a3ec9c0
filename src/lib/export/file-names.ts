/** A file name safe on every operating system: no path separators or reserved characters. */
export function safeFileName(name: string, max = 120): string {
	const cleaned = name
		.normalize('NFC')
		// eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
		.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^\.+/, '');
	return (cleaned || 'file').slice(0, max).trim();
}

/** Makes names unique by adding " (2)", " (3)", … before the extension. */
export function uniqueNames(names: readonly string[]): string[] {
	const seen = new Map<string, number>();
	return names.map((name) => {
		const key = name.toLowerCase();
		const count = (seen.get(key) ?? 0) + 1;
		seen.set(key, count);
		if (count === 1) return name;
		const dot = name.lastIndexOf('.');
		return dot > 0 ? `${name.slice(0, dot)} (${count})${name.slice(dot)}` : `${name} (${count})`;
	});
}
