import { LRUCache } from 'lru-cache';
import { sql, type Db } from '../db/sql.js';
import type { CommittedChanges } from '../events/committed-changes.js';
import { hashToken } from '../auth/tokens.js';

/** A partner's key as a request uses it. */
export interface PartnerKey {
  id: string;
  name: string;
  pointsPerHour: number;
  persistedQueriesOnly: boolean;
  /** The registered documents by SHA-256 (loaded for restricted keys only). */
  operations: Map<string, string>;
}

/**
 * Looks up `X-Api-Key` values, remembering each answer until a write is
 * committed (a revocation or a new operation empties it at once, on every
 * instance: api_key and persisted_query announce their writes) or a minute
 * passes, so a busy partner costs no lookup per request.
 */
export class PartnerKeys {
  /**
   * Partners are few; the bound is for unknown keys (remembered as `false`).
   * It is small because emptying costs in proportion to it (see
   * CommittedChanges.emptiesOnChange).
   */
  private readonly known = new LRUCache<string, PartnerKey | false>({ max: 1_000, ttl: 60_000 });

  constructor(
    private readonly db: Db,
    changes: CommittedChanges,
  ) {
    changes.emptiesOnChange(this.known);
  }

  /** The key's record, or null when it is unknown or revoked. */
  async resolve(key: string): Promise<PartnerKey | null> {
    const hash = hashToken(key);
    let found = this.known.get(hash);
    if (found === undefined) {
      found = (await this.load(hash)) ?? false;
      this.known.set(hash, found);
    }
    return found || null;
  }

  private async load(hash: string): Promise<PartnerKey | null> {
    const [row] = await this.db.rows<Omit<PartnerKey, 'operations'> & { operations: Record<string, string> }>(sql`
      select k.id, k.name, k.points_per_hour as "pointsPerHour", k.persisted_queries_only as "persistedQueriesOnly",
        case when k.persisted_queries_only
          then (select coalesce(json_object_agg(q.sha256, q.document), '{}') from persisted_query q where q.api_key_id = k.id)
          else '{}' end as operations
      from api_key k where k.key_hash = ${hash} and k.revoked_at is null`);
    return row ? { ...row, operations: new Map(Object.entries(row.operations)) } : null;
  }
}
