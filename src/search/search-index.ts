import os from 'node:os';
import pg from 'pg';
import { SearchSubject } from './search.queries.js';
import { layOutSearchTiers } from './search-tiers.js';

/** Ids per statement when rebuilding: big enough to amortise, small enough to show progress. */
const CHUNK = 10_000;

/**
 * Rebuilds the whole search index from the source tables, on one connection
 * per core (building documents is CPU work for PostgreSQL: stemming and
 * weighting every text). What `select hub_search_rebuild()` does in one
 * statement, faster on big databases. Searches see an emptier index until it
 * is done: run it when the data was loaded with triggers off, not on a busy hub.
 *
 * The rebuilt index is then written out again newest first (CLUSTER on the
 * newest-first index): searches read the newest documents in that order, and
 * a window of them then lies on a few hundred pages instead of one page per
 * document (a fifth less time per search at a million documents). New
 * documents keep to that order by themselves, as they are added last; those
 * rewritten by edits do not, and `CLUSTER search_document` restores it.
 * Last, the tiers of the index are laid out for the documents there are
 * (see search-tiers.ts).
 */
export async function rebuildSearchIndex(databaseUrl: string, log: (line: string) => void = () => {}): Promise<number> {
  const clients = Array.from({ length: Math.max(1, os.cpus().length) }, () => new pg.Client({ connectionString: databaseUrl }));
  await Promise.all(clients.map((client) => client.connect()));
  try {
    const [first] = clients;
    await first.query('delete from search_document');
    const chunks: { subject: SearchSubject; ids: string[] }[] = [];
    for (const subject of Object.values(SearchSubject)) {
      const { rows } = await first.query<{ id: string }>(`select id from ${pg.escapeIdentifier(subject)} order by id`);
      for (let start = 0; start < rows.length; start += CHUNK) chunks.push({ subject, ids: rows.slice(start, start + CHUNK).map((row) => row.id) });
    }
    const total = chunks.length;
    await Promise.all(
      clients.map(async (client) => {
        for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
          await withDeadlockRetry(() =>
            client.query(`insert into search_document select * from ${pg.escapeIdentifier(`hub_search_${chunk!.subject}_documents`)}($1::uuid[])`, [chunk!.ids]),
          );
          if (chunks.length % 10 === 0) log(`  search index: ${total - chunks.length} of ${total} chunks`);
        }
      }),
    );
    log('  search index: writing it newest first');
    await first.query('cluster search_document using search_document_newest_idx');
    await first.query('vacuum analyze search_document');
    log('  search index: laying out its tiers');
    await layOutSearchTiers(first);
    const { rows } = await first.query<{ count: number }>('select count(*)::int as count from search_document');
    return rows[0].count;
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/**
 * Runs a statement again when PostgreSQL broke a deadlock by cancelling it.
 * Two connections that meet facet values never seen before (a new kind, a
 * new language) both number them in search_facet, each in its own chunk's
 * transaction, and can wait for each other; the one cancelled finds the
 * other's numbers when it runs again.
 */
async function withDeadlockRetry<T>(statement: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt === attempts) throw error;
    }
  }
}
