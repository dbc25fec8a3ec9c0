// The parts of the app's frame that matter only once this tab uses its database (interrupted
// saves, data the browser removed, edit conflicts, storage): the layout loads them after the
// first screen, so their code (and the database's) is not part of a first visit's first load.
export { default as EditConflictDialog } from '$lib/components/edit-conflict-dialog.svelte';
export { default as EvictionNotice } from '$lib/components/eviction-notice.svelte';
export { default as InterruptedNotice } from '$lib/components/interrupted-notice.svelte';
export { storage } from '$lib/state/storage.svelte';
