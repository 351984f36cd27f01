import { registerEnumType } from 'type-graphql';
import type { RawBuilder } from '../db/sql.js';
import type { Ordering, SortKeyType } from './pagination/keyset.js';

export enum OrderDirection {
  ASC = 'asc',
  DESC = 'desc',
}

registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Which way a list is sorted.',
  valuesConfig: {
    ASC: { description: 'Smallest, earliest or alphabetically first items first.' },
    DESC: { description: 'Largest, latest or alphabetically last items first.' },
  },
});

export interface OrderColumn {
  expression: RawBuilder<unknown>;
  type: SortKeyType;
}

/**
 * An ordering on `columns` in one direction; the columns end with a unique
 * one (the id), which is what keeps the order stable across pages.
 */
export function orderingOf(list: string, field: string, direction: OrderDirection, columns: OrderColumn[]): Ordering {
  return {
    name: `${list}:${field}:${direction}`,
    keys: columns.map((column) => ({ ...column, direction })),
  };
}
