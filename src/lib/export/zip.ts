import { configure } from '@zip.js/zip.js';

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
