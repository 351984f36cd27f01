import type { CommittedChanges } from '../events/committed-changes.js';

/** A value, or a promise of it when it is not at hand yet (as graphql-js accepts from a resolver). */
export type MaybePromise<T> = T | Promise<T>;

/** `transform` applied to a value that may still be coming: at once when it is here. */
export function thenMaybe<T, U>(value: MaybePromise<T>, transform: (value: T) => U): MaybePromise<U> {
  return value instanceof Promise ? value.then(transform) : transform(value);
}

/**
 * A small table that nearly every page reads and administrators rarely
 * write (countries, topics, working groups and their current anchors), kept
 * whole in memory. One statement loads it; it is kept until a write is
 * committed anywhere (CommittedChanges). A load that overlapped a commit
 * may have read the table before it, and is not kept; nothing is kept while
 * commits could go unheard.
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
  get(key: string): MaybePromise<Row | null> {
    return this.read((rows) => rows.get(key) ?? null);
  }

  /** The first row that `test` accepts, or null (the tables are small: a scan costs less than a second index). */
  find(test: (row: Row) => boolean): MaybePromise<Row | null> {
    return this.read((rows) => {
      for (const row of rows.values()) if (test(row)) return row;
      return null;
    });
  }

  /** The rows with these keys, in the keys' order; keys without a row are left out. */
  getMany(keys: readonly string[]): MaybePromise<Row[]> {
    return this.read((rows) => {
      // A loop, not flatMap: this runs for every resource on a page, and flatMap allocates an array per key.
      const found: Row[] = [];
      for (const key of keys) {
        const row = rows.get(key);
        if (row !== undefined) found.push(row);
      }
      return found;
    });
  }

  /**
   * `reading` applied to the table: at once when it is kept, when it is
   * loaded otherwise. A page reads these tables for dozens of fields (each
   * organisation's country, each resource's topics); answered synchronously,
   * they spare graphql-js a promise, and the objects above it their own, for
   * each of them.
   */
  private read<T>(reading: (rows: Map<string, Row>) => T): MaybePromise<T> {
    const generation = this.changes.generation;
    if (this.kept && this.kept.generation === generation) return reading(this.kept.byKey);
    return this.rows().then(reading);
  }

  /** The table, loaded (one load at a time, shared by everyone asking meanwhile). */
  private rows(): Promise<Map<string, Row>> {
    const generation = this.changes.generation;
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
