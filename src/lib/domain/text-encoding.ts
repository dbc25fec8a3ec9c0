/**
 * Text files from other programs: UTF-8 (with or without a byte order mark) or, as Excel and
 * Notepad on a Dutch Windows still save them by default, Windows-1252.
 */

/** Windows-1252's characters for bytes 0x80–0x9F (undefined bytes stay as they are). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** The text of a file's bytes: UTF-8 when they are valid UTF-8, else Windows-1252; no BOM. */
export function decodeText(bytes: ArrayBuffer | Uint8Array): string {
	const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(view);
	} catch {
		// Some runtimes (Node) decode this label as Latin-1; settle 0x80–0x9F as browsers do.
		text = new TextDecoder('windows-1252')
			.decode(view)
			.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
	}
	return text.replace(/^\uFEFF/, '');
}

/** The text of a file the learner chose (see `decodeText`). */
export async function readText(file: Blob): Promise<string> {
	return decodeText(await file.arrayBuffer());
}
