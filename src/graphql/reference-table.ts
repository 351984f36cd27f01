import type { CommittedChanges } from '../events/committed-changes.js';

/**
 * A small table that nearly every page reads and administrators rarely
 * write (countries, topics, working groups), kept whole in memory. One statement loads it;
 * it is kept until a write is committed anywhere (CommittedChanges). A load
 * that overlapped a commit may have read the table before it, and is not
 * kept; nothing is kept while commits could go unheard.
 */
export class ReferenceTable<Row> {
  private kept: { generation: number; byKey: Map<string, Row> } | null = null;
  /** The load in progress, shared by everyone asking meanwhile. */
  private loading: Promise<Map<string, Row>> | null = null;

  constructor(
    private readonly changes: CommittedChanges,
    private readonly load: () => Promise<Row[]>,
    private readonly keyOf: (row: Row) => string,
  ) {
    changes.onChange(() => {
      this.kept = null;
      this.loading = null;
    });
  }

  /** The row with this key, or null when there is none. */
  async get(key: string): Promise<Row | null> {
    return (await this.rows()).get(key) ?? null;
  }

  /** The first row that `test` accepts, or null (the tables are small: a scan costs less than a second index). */
  async find(test: (row: Row) => boolean): Promise<Row | null> {
    for (const row of (await this.rows()).values()) if (test(row)) return row;
    return null;
  }

  /** The rows with these keys, in the keys' order; keys without a row are left out. */
  async getMany(keys: readonly string[]): Promise<Row[]> {
    const rows = await this.rows();
    return keys.flatMap((key) => rows.get(key) ?? []);
  }

  private rows(): Promise<Map<string, Row>> {
    const generation = this.changes.generation;
    if (this.kept && this.kept.generation === generation) return Promise.resolve(this.kept.byKey);
    if (!this.loading) {
      const loading = this.loadRows(generation).finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  private async loadRows(generation: number | null): Promise<Map<string, Row>> {
    const byKey = new Map((await this.load()).map((row) => [this.keyOf(row), row]));
    if (generation !== null && this.changes.generation === generation) this.kept = { generation, byKey };
    return byKey;
  }
}

/** Sorts by name, then key (as the lists in SQL do: `order by name, id`). */
export function byName<T extends { name: string }>(rows: T[], keyOf: (row: T) => string): T[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => compare(a.name, b.name) || compare(keyOf(a), keyOf(b)));
}
