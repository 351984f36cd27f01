import pg from 'pg';

/**
 * Tiers of the full-text index. A search ranks the newest matches of its
 * words (RANKED_MATCH_LIMIT of them). Words found in one document in fifty
 * have twenty thousand matches in a million documents: reading the newest
 * documents until enough match reads fifty thousand of them, and the whole
 * index hands over all twenty thousand matches, one row each. A tier is a
 * partial index of the newest documents only, so a search finds their
 * matches (two thousand) at a tenth of the cost, and they are the newest
 * there are. It holds their words and their facets: a filter's facet is
 * matched inside the index with the words, against the tier's documents
 * only, instead of in a second index of every document's facets.
 *
 * Tier 1 holds the newest TIER_BANDS[0] documents, tier 2 the TIER_BANDS[1]
 * before them: each is a band of time, `search_tier.since` up to the newer
 * tier's, indexed by `search_document_tier<n>_idx`. The bands are fixed when
 * laid out; new documents join tier 1 as they are written. When a tier has
 * grown to twice its size, or there are enough documents for a tier not in
 * use, the running hub lays them out again (keepSearchTiersLaidOut), without
 * locking writers out: each index is built anew alongside the old one
 * (CREATE INDEX CONCURRENTLY), then `search_tier` says where the new bands
 * begin, then the old index is dropped. A tier is in use when there are at
 * least twice as many documents as it and the newer tiers hold; until then
 * its `since` is `infinity` and its index is empty.
 */
export const TIER_BANDS = [100_000, 300_000];

/** Where a tier's band begins (`infinity` when not in use, as PostgreSQL writes it) and how many documents it held. */
export interface TierLayout {
  tier: number;
  since: string;
  documents: number;
  documentsByType: Record<string, number>;
}

/** Only one connection lays the tiers out at a time (pg_try_advisory_lock). */
const LAYOUT_LOCK = `hashtext('hub:search_tier')`;

/**
 * Lays the tiers out for the documents there are now: each band's `since`,
 * its index and its count. Returns the layout, or null when another
 * connection is laying them out. `bands` is for tests (small tiers).
 */
export async function layOutSearchTiers(client: pg.ClientBase, bands: number[] = TIER_BANDS): Promise<TierLayout[] | null> {
  const { rows: locked } = await client.query<{ locked: boolean }>(`select pg_try_advisory_lock(${LAYOUT_LOCK}) as locked`);
  if (!locked[0].locked) return null;
  try {
    const starts = await bandStarts(client, bands);
    const layout: TierLayout[] = [];
    for (const [index, since] of starts.entries()) {
      const tier = index + 1;
      const condition = bandCondition(starts, index);
      // Left by a layout that was stopped half-way (an unfinished concurrent build leaves an invalid index).
      await client.query(`drop index concurrently if exists ${nextIndex(tier)}`);
      await client.query(`create index concurrently ${nextIndex(tier)} on search_document using gin (document, facets) where ${condition}`);
      const { rows } = await client.query<{ type: string; documents: number }>(
        `select subject_type as type, count(*)::int as documents from search_document where ${condition} group by subject_type`,
      );
      const documentsByType = Object.fromEntries(rows.map(({ type, documents }) => [type, documents]));
      layout.push({ tier, since, documents: rows.reduce((sum, { documents }) => sum + documents, 0), documentsByType });
    }
    // Searches read where the bands begin, and the planner then takes the new indexes (their condition is the one searched).
    await client.query('begin');
    for (const { tier, since, documents, documentsByType } of layout) {
      await client.query('update search_tier set since = $2::timestamptz, documents = $3, documents_by_type = $4 where tier = $1', [
        tier,
        since,
        documents,
        documentsByType,
      ]);
    }
    await client.query('commit');
    for (const { tier } of layout) {
      await client.query(`drop index concurrently if exists ${tierIndex(tier)}`);
      await client.query(`alter index ${nextIndex(tier)} rename to ${tierIndex(tier)}`);
    }
    return layout;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.query(`select pg_advisory_unlock(${LAYOUT_LOCK})`);
  }
}

/**
 * True when the tiers should be laid out again: a tier in use holds twice
 * the documents it should, or the number of documents calls for a tier to be
 * taken into use, or out of it. Counts at most what it must (cheap enough to
 * ask every hour).
 */
export async function searchTiersAreStale(client: pg.ClientBase, bands: number[] = TIER_BANDS): Promise<boolean> {
  const { rows: tiers } = await client.query<{ tier: number; since: string; inUse: boolean }>(
    `select tier, since::text as since, since < 'infinity' as "inUse" from search_tier order by tier`,
  );
  const held = cumulative(bands);
  const total = await countUpTo(client, 'true', [], 2 * held[held.length - 1]);
  for (const [index, { since, inUse }] of tiers.entries()) {
    if (index >= held.length) break;
    if (inUse !== (total >= 2 * held[index])) return true;
    if (inUse && (await countUpTo(client, 'happened_at >= $1::timestamptz', [since], 2 * held[index])) >= 2 * held[index]) return true;
  }
  return false;
}

/** How many documents match, counting no further than `upTo`. */
async function countUpTo(client: pg.ClientBase, condition: string, values: unknown[], upTo: number): Promise<number> {
  const { rows } = await client.query<{ count: number }>(
    `select count(*)::int as count from (select 1 from search_document where ${condition} limit ${upTo}) d`,
    values,
  );
  return rows[0].count;
}

/** Where each band should begin: at the newest document it need not hold, so that each tier holds its number. */
async function bandStarts(client: pg.ClientBase, bands: number[]): Promise<string[]> {
  const held = cumulative(bands);
  const total = await countUpTo(client, 'true', [], 2 * held[held.length - 1]);
  const starts: string[] = [];
  for (const documents of held) {
    if (total < 2 * documents) {
      starts.push('infinity');
      continue;
    }
    const { rows } = await client.query<{ since: string }>(
      `select happened_at::text as since from search_document order by happened_at desc offset $1 limit 1`,
      [documents - 1],
    );
    starts.push(rows[0].since);
  }
  return starts;
}

/** The condition of band `index` (from `since` to the newer band's), as the search statement writes it. */
function bandCondition(starts: string[], index: number): string {
  const from = `happened_at >= ${pg.escapeLiteral(starts[index])}::timestamptz`;
  return index === 0 ? from : `${from} and happened_at < ${pg.escapeLiteral(starts[index - 1])}::timestamptz`;
}

/** How many documents tier k holds (its band and the newer ones), for each k. */
function cumulative(bands: number[]): number[] {
  let held = 0;
  return bands.map((documents) => (held += documents));
}

const tierIndex = (tier: number) => `search_document_tier${tier}_idx`;
const nextIndex = (tier: number) => `search_document_tier${tier}_next_idx`;

/**
 * Keeps the tiers laid out while the hub runs: looks soon after it starts,
 * then every `everyMs`, and lays them out again when they are stale. A
 * failure is logged and tried again at the next look; another instance
 * laying them out at the same time makes this one skip its turn.
 */
export function keepSearchTiersLaidOut(
  databaseUrl: string,
  { everyMs = 60 * 60 * 1000, log = () => {}, bands = TIER_BANDS }: { everyMs?: number; log?: (line: string) => void; bands?: number[] } = {},
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const look = () => {
    running = running.then(async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      try {
        await client.connect();
        if (!(await searchTiersAreStale(client, bands))) return;
        const layout = await layOutSearchTiers(client, bands);
        if (layout) log(`search index tiers laid out: ${layout.map(({ tier, since, documents }) => `tier ${tier} from ${since} (${documents} documents)`).join(', ')}`);
      } catch (error) {
        log(`search index tiers: not laid out (${(error as Error).message}); trying again later`);
      } finally {
        await client.end().catch(() => {});
      }
    });
  };
  const first = setTimeout(look, 1000);
  const timer = setInterval(look, everyMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
