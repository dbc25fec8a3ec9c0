import {
	BlobReader,
	configure,
	ERR_INVALID_CRC32,
	ERR_INVALID_SIGNATURE,
	ZipReader
} from '@zip.js/zip.js';

// Workers would need a blob: script the CSP does not allow; the browser's own
// CompressionStream does the work on the main thread without blocking it.
configure({ useWebWorkers: false, useCompressionStream: true });

/** zip.js, set up once for Koers: import it from here, never from the package directly. */
export {
	BlobReader,
	ERR_INVALID_UNCOMPRESSED_SIZE,
	ZipReader,
	ZipWriter,
	type Entry,
	type FileEntry
} from '@zip.js/zip.js';

/** Opens a ZIP for reading; every entry read checks its CRC-32, so damaged bytes are refused. */
export function openZip(file: Blob): ZipReader<unknown> {
	return new ZipReader(new BlobReader(file), { checkCrc32: true });
}

/** zip.js found an entry whose bytes do not match their CRC-32: the file is damaged. */
export function isDamagedEntry(error: unknown): boolean {
	const message = (error as Error | null)?.message;
	return message === ERR_INVALID_CRC32 || message === ERR_INVALID_SIGNATURE;
}
