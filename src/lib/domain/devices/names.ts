import * as v from 'valibot';

/** A device's name as the learner gives it ("Phone", "Laptop"): shown to the other devices. */
export const MAX_DEVICE_NAME = 40;

/** Trims, folds runs of white space and strips control characters. */
export function cleanDeviceName(name: string): string {
	return name
		.replace(/\s+/g, ' ')
		.replace(/[\p{Cc}\p{Cf}]/gu, '')
		.trim();
}

/** The schema of a device name (after cleaning): 1 to 40 characters. */
export const DeviceNameSchema = v.pipe(
	v.string(),
	v.transform(cleanDeviceName),
	v.minLength(1, 'devices.error.nameRequired'),
	v.maxLength(MAX_DEVICE_NAME, 'devices.error.nameTooLong')
);

/** What kind of device the browser runs on, for a first name the learner can change. */
export function deviceKind(userAgent: string): 'phone' | 'tablet' | 'computer' {
	if (/iPhone|Android.+Mobile|Mobile/.test(userAgent)) return 'phone';
	if (/iPad|Tablet|Android/.test(userAgent)) return 'tablet';
	return 'computer';
}
