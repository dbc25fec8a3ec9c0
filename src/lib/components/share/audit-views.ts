import { locale } from '$lib/state/locale.svelte';

let loading:
	| Promise<{
			SharedRegister: typeof import('./shared-register.svelte').default;
			SharedFrameworkView: typeof import('./shared-framework.svelte').default;
	  }>
	| undefined;

/**
 * The views of a share's PE registers and competency frameworks, with their messages (the
 * catalog's `audit` part): loaded once a share has either, so an opened link without them loads
 * neither before its view. Loaded once; a failed load is tried again on the next call.
 */
export function loadAuditViews(): NonNullable<typeof loading> {
	loading ??= Promise.all([
		import('./shared-register.svelte'),
		import('./shared-framework.svelte'),
		locale.load(['audit'])
	]).then(
		([register, framework]) => ({
			SharedRegister: register.default,
			SharedFrameworkView: framework.default
		}),
		(error: unknown) => {
			loading = undefined;
			throw error;
		}
	);
	return loading;
}
