/** What a file can belong to. */
export type AttachmentOwner = 'evidence' | 'peActivity';

/** A file that belongs to evidence or a PE activity; its bytes live in the content-addressed store. */
export interface Attachment {
	id: string;
	ownerKind: AttachmentOwner;
	ownerId: string;
	name: string;
	type: string;
	size: number;
	sha256: string;
	createdAt: string;
}

/** The kind of inline viewer a file gets. */
export type FileView = 'image' | 'video' | 'audio' | 'pdf' | 'text' | 'none';

/** Which inline viewer suits a MIME type. */
export function fileView(type: string): FileView {
	if (type.startsWith('image/')) return type === 'image/svg+xml' ? 'none' : 'image';
	if (type.startsWith('video/')) return 'video';
	if (type.startsWith('audio/')) return 'audio';
	if (type === 'application/pdf') return 'pdf';
	if (type === 'text/plain') return 'text';
	return 'none';
}

/** A human size such as "4.2 MB". */
export function formatBytes(bytes: number, locale: string): string {
	const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return new Intl.NumberFormat(locale, {
		style: 'unit',
		unit: units[unit],
		unitDisplay: unit === 0 ? 'long' : 'short',
		maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0
	}).format(value);
}
