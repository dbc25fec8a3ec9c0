import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import { searchSource } from '$lib/db/search';
import { INDEX_OPTIONS, searchDocs, type SearchDoc } from '$lib/domain/search';
import { searchPortfolio, vocabulary } from '$lib/domain/search-query';
import { LiveQuery } from './live-query.svelte';

export type SearchHit = SearchResult & Pick<SearchDoc, 'kind' | 'id' | 'title' | 'date' | 'text'>;
type SearchSource = Awaited<ReturnType<typeof searchSource>>;

/**
 * Full-text search over the whole portfolio with MiniSearch (loaded on demand). The index is
 * built in memory when search opens and rebuilt whenever the records change; nothing of it is
 * stored or sent anywhere.
 */
export class PortfolioSearch {
	query = $state('');
	/** The records searched, kept current (for the error state in place). */
	readonly source = new LiveQuery(searchSource);
	#index = $state.raw<{ search: MiniSearch<SearchDoc>; words: string[] }>();
	#built: SearchSource | undefined;
	readonly hits = $derived.by(() => {
		const index = this.#index;
		const query = this.query.trim();
		if (!index || query.length < 2) return [];
		return searchPortfolio(index.search, index.words, query).slice(0, 50) as SearchHit[];
	});

	get ready(): boolean {
		return this.#index !== undefined;
	}

	/** Builds the index from the latest records; call it in an effect, it re-runs when they change. */
	index(): void {
		const source = this.source.current;
		if (source) void this.#rebuild(source);
	}

	async #rebuild(source: SearchSource): Promise<void> {
		this.#built = source;
		const { default: MiniSearchClass } = await import('minisearch');
		// A newer read came in meanwhile: that one builds the index.
		if (this.#built !== source) return;
		const docs = searchDocs(source);
		const search = new MiniSearchClass<SearchDoc>(INDEX_OPTIONS);
		search.addAll(docs);
		this.#index = { search, words: vocabulary(docs) };
	}
}
