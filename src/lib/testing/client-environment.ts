import type { Environment } from 'vitest/environments';

/**
 * Node, with modules transformed for the browser: Svelte compiles state classes for the client,
 * so their effects run (the node environment would compile them for the server, where they do not).
 */
export default {
	name: 'svelte-client',
	viteEnvironment: 'client',
	setup: () => ({ teardown: () => {} })
} satisfies Environment;
