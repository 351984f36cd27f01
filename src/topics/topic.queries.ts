import { namedBy, sql, type Db, type NamingRows, type RawBuilder } from '../db/sql.js';
import { byKey, defineLoader } from '../graphql/loaders.js';
import { hydrate } from '../graphql/node.js';
import { byName, thenMaybe, type MaybePromise, type ReferenceTable } from '../graphql/reference-table.js';
import { TopicNode } from './topic.node.js';

const columns = sql`t.id as key, t.slug, t.name, t.description`;

export const topicBySlug = defineLoader<string, TopicNode | null>('topic.bySlug', async (db, slugs) => {
  const rows = await db.rows<TopicNode>(sql`select ${columns} from topic t where t.slug = any(${slugs}::text[])`);
  return byKey(rows.map((row) => hydrate(TopicNode, row)), slugs, (topic) => topic.slug);
});

/** The tables tagging things with topics, by what they tag. */
const taggings = {
  person: { table: 'person_topic', owner: 'person_id' },
  resource: { table: 'resource_topic', owner: 'resource_id' },
  peerExchangeRequest: { table: 'peer_exchange_request_topic', owner: 'request_id' },
  webinar: { table: 'webinar_topic', owner: 'webinar_id' },
} as const;

/** The taggings of `tagged` things with at least one of these topics (by slug). */
export function taggingsWithAnyOf(tagged: keyof typeof taggings, slugs: string[]): NamingRows {
  const { table, owner } = taggings[tagged];
  return { from: sql`${sql.table(table)} tag join topic t on t.id = tag.topic_id`, owner: sql`tag.${sql.ref(owner)}`, where: sql`t.slug = any(${slugs}::text[])` };
}

/**
 * The condition "tagged with at least one of these topics (by slug)" on the
 * row whose id is `ownerId`: the one topic filter every list shares.
 */
export function taggedWithAnyOf(tagged: keyof typeof taggings, ownerId: RawBuilder<unknown>, slugs: string[]): RawBuilder<unknown> {
  return namedBy(taggingsWithAnyOf(tagged, slugs), ownerId);
}

/**
 * The ids of the topics the row whose id is `ownerId` is tagged with, as a
 * column (`topicKeys`): people, resources, requests and webinars carry them,
 * and their topics are named from the server's memory (topicsByKey), so a
 * page of them costs no statement for its topics.
 */
export function topicKeysOf(tagged: keyof typeof taggings, ownerId: RawBuilder<unknown>): RawBuilder<string[]> {
  const { table, owner } = taggings[tagged];
  return sql<string[]>`array(select tag.topic_id from ${sql.table(table)} tag where tag.${sql.ref(owner)} = ${ownerId})`;
}

/** Topics by key from the server's memory, by name; keys of topics that no longer exist are left out. */
export function topicsByKey(topics: ReferenceTable<TopicNode>, keys: readonly string[]): MaybePromise<TopicNode[]> {
  return thenMaybe(topics.getMany(keys), (found) => byName(found, (topic) => topic.key));
}

/** The whole vocabulary, by name (a small, curated list). */
export async function listTopics(db: Db): Promise<TopicNode[]> {
  const rows = await db.rows<TopicNode>(sql`select ${columns} from topic t order by t.name, t.id`);
  return rows.map((row) => hydrate(TopicNode, row));
}
