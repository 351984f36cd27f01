import { sql, type Db } from '../db/sql.js';
import type { CommittedChanges } from '../events/committed-changes.js';
import { hydrate } from '../graphql/node.js';
import { countryColumns } from './country.queries.js';
import { CountryNode } from './country.node.js';

/**
 * Every country, in memory. Organisations, people, resources and search
 * facets name countries on nearly every page, and the list (ISO 3166, 249
 * entries) changes only when an administrator edits it: one statement loads
 * it whole, and it is kept until a write is committed anywhere
 * (CommittedChanges). A load that overlapped a commit may have read the list
 * before it, and is not kept; nothing is kept while commits could go unheard.
 */
export class CountryDirectory {
  private kept: { generation: number; byCode: Map<string, CountryNode> } | null = null;
  /** The load in progress, shared by everyone asking meanwhile. */
  private loading: Promise<Map<string, CountryNode>> | null = null;

  constructor(
    private readonly db: Db,
    private readonly changes: CommittedChanges,
  ) {
    changes.onChange(() => {
      this.kept = null;
      this.loading = null;
    });
  }

  /** The country with this ISO 3166-1 alpha-2 code (upper case), or null when the hub does not list it. */
  async byCode(code: string): Promise<CountryNode | null> {
    return (await this.all()).get(code) ?? null;
  }

  private all(): Promise<Map<string, CountryNode>> {
    const generation = this.changes.generation;
    if (this.kept && this.kept.generation === generation) return Promise.resolve(this.kept.byCode);
    if (!this.loading) {
      const loading = this.load(generation).finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  private async load(generation: number | null): Promise<Map<string, CountryNode>> {
    const rows = await this.db.rows<CountryNode>(sql`select ${countryColumns} from country c`);
    const byCode = new Map(rows.map((row) => [row.code, hydrate(CountryNode, row)]));
    if (generation !== null && this.changes.generation === generation) this.kept = { generation, byCode };
    return byCode;
  }
}
