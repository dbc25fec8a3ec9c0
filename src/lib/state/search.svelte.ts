import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import { watchQuery } from '$lib/db/live';
import { searchSource } from '$lib/db/search';
import { INDEX_OPTIONS, searchDocs, type SearchDoc } from '$lib/domain/search';
import { searchPortfolio, vocabulary } from '$lib/domain/search-query';

export type SearchHit = SearchResult & Pick<SearchDoc, 'kind' | 'id' | 'title' | 'date' | 'text'>;

/**
 * Full-text search over the whole portfolio with MiniSearch (loaded on demand). The index is
 * built in memory when search opens and rebuilt whenever the records change; nothing of it is
 * stored or sent anywhere.
 */
export class PortfolioSearch {
	query = $state('');
	#index = $state.raw<{ search: MiniSearch<SearchDoc>; words: string[] }>();
	readonly hits = $derived.by(() => {
		const index = this.#index;
		const query = this.query.trim();
		if (!index || query.length < 2) return [];
		return searchPortfolio(index.search, index.words, query).slice(0, 50) as SearchHit[];
	});

	get ready(): boolean {
		return this.#index !== undefined;
	}

	/** Builds the index and keeps it current; returns the function that stops that. */
	start(): () => void {
		let stopped = false;
		const rebuild = async (source: Awaited<ReturnType<typeof searchSource>>) => {
			const { default: MiniSearchClass } = await import('minisearch');
			if (stopped) return;
			const docs = searchDocs(source);
			const search = new MiniSearchClass<SearchDoc>(INDEX_OPTIONS);
			search.addAll(docs);
			this.#index = { search, words: vocabulary(docs) };
		};
		const unwatch = watchQuery(searchSource, { next: (source) => void rebuild(source) });
		return () => {
			stopped = true;
			unwatch();
		};
	}
}
