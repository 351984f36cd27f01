import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/sql.js';
import type { CommittedChanges } from '../../events/committed-changes.js';
import { countRows, countStatement, type ListQuery } from './page.js';

/** How many counts are kept: a few hundred filters are in use at any time. */
const MAX_COUNTS = 2_000;

/**
 * The `totalCount`s of top-level lists, shared by every request of this
 * instance until a write is committed anywhere (CommittedChanges): a
 * partner paging through "resources on open contracting", or ten readers of
 * the same list, count it once. At a million resources such a count reads
 * 10⁴ to 10⁵ rows (40 to 115 ms); the page itself, a few ms.
 *
 * Correct by construction, as the response cache is: a count is kept under
 * its statement's text and parameters (so whatever makes two callers' lists
 * differ, a viewer's visibility included, makes them two counts); every
 * committed write empties the cache; a count that overlapped a commit is not
 * kept; while writes could go unheard (generation null) nothing is kept.
 * Lists that read the clock are never kept. Concurrent requests for the same
 * count share its computation (what is kept is the count's promise).
 */
export class CountCache {
  private readonly counts = new LRUCache<string, Promise<number>>({ max: MAX_COUNTS });

  constructor(private readonly changes: CommittedChanges) {
    changes.emptiesOnChange(this.counts);
  }

  /** How many rows `query`'s list has, from memory when it was counted since the last write. */
  count(db: Db, query: ListQuery): Promise<number> {
    const generation = this.changes.generation;
    if (generation === null || query.readsClock) return countRows(db, query);
    const { text, values } = db.statementOf(countStatement(query));
    const key = `${text}\u0000${JSON.stringify(values)}`;
    const kept = this.counts.get(key);
    if (kept) return kept;
    const count = countRows(db, query);
    this.counts.set(key, count);
    count.then(
      () => {
        // Counted across a commit: it may have read the data before it.
        if (this.changes.generation !== generation) this.forget(key, count);
      },
      () => this.forget(key, count),
    );
    return count;
  }

  private forget(key: string, count: Promise<number>): void {
    // Unless a newer count took its place meanwhile.
    if (this.counts.get(key) === count) this.counts.delete(key);
  }
}
