import { dashboardSource } from '$lib/db/dashboard';
import { dashboard, type Dashboard } from '$lib/domain/dashboard';
import { toIsoDate } from '$lib/domain/dates';
import { LiveQuery } from './live-query.svelte';

/** The overview page: the dashboard's figures, kept current as the portfolio changes. */
export class OverviewView {
	readonly source = new LiveQuery(dashboardSource);

	/** The queries this page reads (for the error state in place). */
	get queries() {
		return [this.source];
	}

	/** The figures as of today; undefined while loading. */
	get dashboard(): Dashboard | undefined {
		const source = this.source.current;
		return source ? dashboard(source, toIsoDate()) : undefined;
	}
}
