/**
 * Learning groups in the background, on every page (started from state/background.ts):
 * - the learner's devices vouch for each other's keys as soon as they meet (db/identity.ts), so
 *   a group joined on one device can be written in from every other.
 * Returns the function that stops.
 */
import { certifyMyDevices, identityInUse } from '$lib/db/identity';
import { watchQuery } from '$lib/db/live';

export function startGroupsBackground(): () => void {
	let running: Promise<void> | undefined;
	let again = false;
	const certify = () => {
		if (running) {
			again = true;
			return;
		}
		running = certifyMyDevices()
			.then(() => undefined)
			.catch((error: unknown) => console.error(error))
			.finally(() => {
				running = undefined;
				if (again) {
					again = false;
					certify();
				}
			});
	};
	return watchQuery(identityInUse, {
		next: ({ groups, keys }) => {
			if (groups > 0 || keys > 0) certify();
		}
	});
}
