import DataLoader from 'dataloader';
import type { Db } from '../db/sql.js';

/**
 * A batch read: given many keys (and the parameters shared by the batch),
 * return one value per key, in the keys' order.
 */
export interface LoaderDefinition<Key, Value, Params = undefined> {
  name: string;
  batch(db: Db, keys: readonly Key[], params: Params): Promise<Value[]>;
}

export function defineLoader<Key, Value, Params = undefined>(
  name: string,
  batch: (db: Db, keys: readonly Key[], params: Params) => Promise<Value[]>,
): LoaderDefinition<Key, Value, Params> {
  return { name, batch };
}

/**
 * The request's DataLoaders, created on first use: one per definition and
 * distinct parameters, so loads made while resolving one level of a query
 * become one SQL statement. Never shared between requests.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly db: Db) {}

  of<Key, Value>(definition: LoaderDefinition<Key, Value, undefined>): DataLoader<Key, Value>;
  of<Key, Value, Params>(definition: LoaderDefinition<Key, Value, Params>, params: Params): DataLoader<Key, Value>;
  of<Key, Value, Params>(definition: LoaderDefinition<Key, Value, Params>, params?: Params): DataLoader<Key, Value> {
    const id = params === undefined ? definition.name : `${definition.name}:${JSON.stringify(params)}`;
    let loader = this.loaders.get(id) as DataLoader<Key, Value, string> | undefined;
    if (!loader) {
      loader = new DataLoader<Key, Value, string>((keys) => definition.batch(this.db, keys, params as Params), {
        // Parameters are plain JSON values, keys are strings: compare them by value.
        cacheKeyFn: (key) => (typeof key === 'string' ? key : JSON.stringify(key)),
      });
      this.loaders.set(id, loader as unknown as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders fetched rows by the requested keys; missing keys give null. */
export function byKey<Row, Key>(rows: Row[], keys: readonly Key[], keyOf: (row: Row) => Key): (Row | null)[] {
  const found = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => found.get(key) ?? null);
}

/**
 * Child rows grouped under their parents' keys (`parentField` names the
 * column holding the parent key), each row made an instance of `Class`.
 */
export function groupedNodes<Row extends object, Key, T extends object>(
  rows: Row[],
  keys: readonly Key[],
  parentField: keyof Row,
  Class: new () => T,
): T[][] {
  return groupedByKey(rows, keys, (row) => row[parentField] as Key).map((list) => list.map((row) => Object.assign(new Class(), row)));
}

/** Groups fetched rows under the requested keys; keys without rows get an empty list. */
export function groupedByKey<Row, Key>(rows: Row[], keys: readonly Key[], keyOf: (row: Row) => Key): Row[][] {
  const groups = new Map<Key, Row[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * Pairs items with the objects loaded for them, in order, leaving out the
 * items whose object no longer exists or may not be seen (loaded as null).
 */
export function withLoaded<Item, T, Result>(items: Item[], objects: (T | null)[], make: (object: T, item: Item) => Result): Result[] {
  return items.flatMap((item, index) => {
    const object = objects[index];
    return object ? [make(object, item)] : [];
  });
}
