/**
 * Generates benchmark data: organisations, people, resources, peer-exchange
 * requests and webinars in the hub's six languages, with topics, countries,
 * groups and memberships, then builds the search index over all of it.
 *
 *   npm run bench:data -- [--scale small|medium|large] [--resources N] [--people N] [--organizations N]
 *                          [--memberships N] [--requests N] [--webinars N]
 *
 * Scales (explicit counts override them):
 * - small: the demonstration data alone (the seed);
 * - medium (the default): 2,000 organisations, 20,000 memberships, 100,000 resources, 10,000 people;
 * - large: the same with 1,000,000 resources and 100,000 people.
 *
 * The counts are totals: running it again with the same counts adds nothing,
 * with larger ones adds the difference. The data is deterministic (a seeded
 * generator, ids included: see numberedIds). It goes into the benchmark
 * database (see bench-database.ts); loading turns triggers off for its own
 * session, which takes a superuser (the embedded server's user is one).
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CHANGES_CHANNEL } from '../src/events/committed-changes.js';
import { rebuildSearchIndex } from '../src/search/search-index.js';
import { elapsed, openBenchDatabase, seededRandom } from './bench-database.js';
import { FIRST_NAMES, LANGUAGES, LAST_NAMES, PLACE_SYLLABLES, PLACES, TOPIC_SLUGS, type LanguageCorpus } from './corpus.js';

const SCALES = {
  small: { organizations: 0, memberships: 0, people: 0, resources: 0, webinars: 0 },
  medium: { organizations: 2_000, memberships: 20_000, people: 10_000, resources: 100_000, webinars: 2_000 },
  large: { organizations: 2_000, memberships: 20_000, people: 100_000, resources: 1_000_000, webinars: 2_000 },
};

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'medium' },
    resources: { type: 'string' },
    people: { type: 'string' },
    organizations: { type: 'string' },
    memberships: { type: 'string' },
    requests: { type: 'string' },
    webinars: { type: 'string' },
  },
});
if (!(values.scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
const scale = SCALES[values.scale as keyof typeof SCALES];
const count = (given: string | undefined, preset: number) => (given === undefined ? preset : Number(given));
const targets = {
  organizations: count(values.organizations, scale.organizations),
  memberships: count(values.memberships, scale.memberships),
  people: count(values.people, scale.people),
  resources: count(values.resources, scale.resources),
  requests: count(values.requests, Math.ceil(count(values.people, scale.people) / 10)),
  webinars: count(values.webinars, scale.webinars),
};

const BATCH = 5000;
const KINDS = ['guide', 'toolkit', 'case_study', 'report', 'dataset', 'commitment_example', 'webinar_recording', 'other'];
const ORGANIZATION_KINDS = ['national_government', 'subnational_government', 'parliament', 'civil_society', 'academia', 'multilateral', 'private_sector'];
const FORMATS = ['virtual', 'in_person', 'document_review', 'study_visit'];

/** Random choices with the shapes real data has: a few values common, a long tail rare. */
class Dice {
  constructor(readonly next: () => number) {}

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Skewed towards the first items (a Zipf-like shape): item i is drawn about 1/sqrt(i) as often as item 0. */
  skewed<T>(items: readonly T[]): T {
    return items[Math.floor(items.length * this.next() ** 2)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** `count` different indexes below `below`, skewed like `skewed`. */
  distinct(count: number, below: number): number[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, below)) chosen.add(Math.floor(below * this.next() ** 2));
    return [...chosen];
  }

  language(): LanguageCorpus {
    const total = LANGUAGES.reduce((sum, language) => sum + language.weight, 0);
    let roll = this.next() * total;
    for (const language of LANGUAGES) if ((roll -= language.weight) < 0) return language;
    return LANGUAGES[0];
  }

  /** A known city most of the time, otherwise an invented place (the long tail of names). */
  place(): string {
    return this.chance(0.7) ? this.skewed(PLACES) : capitalize(this.inventedWord());
  }

  inventedWord(): string {
    return Array.from({ length: 2 + this.int(2) }, () => this.pick(PLACE_SYLLABLES)).join('');
  }

  date(fromYear: number, toYear: number): string {
    const from = Date.UTC(fromYear, 0, 1);
    return new Date(from + this.next() * (Date.UTC(toYear, 0, 1) - from)).toISOString().slice(0, 10);
  }
}

/** Fills `%1$s`-style placeholders. */
function fill(template: string, ...args: string[]): string {
  return template.replace(/%(\d)\$s/g, (_, index: string) => args[Number(index) - 1]);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A batch of rows as column arrays, inserted with one `insert … select from unnest(…)`. */
class Columns {
  readonly values: unknown[][];

  /** Columns as [name, type of the parameter array's elements, cast to the column's type when they differ]. */
  constructor(
    private readonly table: string,
    private readonly columns: [name: string, type: string, cast?: string][],
  ) {
    this.values = columns.map(() => []);
  }

  push(...row: unknown[]): void {
    row.forEach((value, index) => this.values[index].push(value));
  }

  get length(): number {
    return this.values[0].length;
  }

  async flush(client: pg.Client): Promise<void> {
    if (!this.length) return;
    const names = this.columns.map(([name]) => name).join(', ');
    const unnest = this.columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
    const selected = this.columns.map(([name, , cast]) => (cast ? `${name}::${cast}` : name)).join(', ');
    await client.query(`insert into ${this.table} (${names}) select ${selected} from unnest(${unnest}) as row(${names})`, this.values);
    for (const column of this.values) column.length = 0;
  }
}

async function main() {
  const database = await openBenchDatabase();
  const url = database.orm.config.get('clientUrl') as string;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Triggers off for this session only: the search index is built once at the end, set-wise.
    await client.query(`set session_replication_role = replica`);
    const lookup = await referenceData(client);
    const dice = new Dice(seededRandom(2026));
    const started = performance.now();
    const added = {
      organizations: await generate(client, 'organization', targets.organizations, (count) => organizations(client, dice, lookup, count)),
      memberships: await generate(client, 'membership', targets.memberships, (count) => pastMemberships(client, dice, lookup, count)),
      people: await generate(client, 'person', targets.people, (count) => people(client, dice, lookup, count)),
      resources: await generate(client, 'resource', targets.resources, (count) => resources(client, dice, lookup, count)),
      requests: await generate(client, 'peer_exchange_request', targets.requests, (count) => requests(client, dice, lookup, count)),
      webinars: await generate(client, 'webinar', targets.webinars, (count) => webinars(client, dice, lookup, count)),
    };
    console.error(`generated ${JSON.stringify(added)} in ${elapsed(started)}`);
    if (Object.values(added).some(Boolean)) {
      const indexing = performance.now();
      const documents = await rebuildSearchIndex(url, console.error);
      console.error(`search index rebuilt: ${documents} documents in ${elapsed(indexing)}`);
      await client.query(`vacuum analyze`);
      // Triggers were off, so nothing announced these writes: tell running hubs to forget what they cached.
      await client.query(`select pg_notify($1, 'bench:data')`, [CHANGES_CHANNEL]);
    }
    const counts = await client.query(`
      select (select count(*) from organization) as organizations, (select count(*) from person) as people,
        (select count(*) from resource) as resources, (select count(*) from peer_exchange_request) as requests,
        (select count(*) from webinar) as webinars, (select count(*) from search_document) as "searchDocuments"`);
    console.log(JSON.stringify(counts.rows[0]));
  } finally {
    await client.end();
    await database.close();
  }
}

/** Adds rows to `table` until it holds `target`, reporting progress; returns how many were added. */
async function generate(client: pg.Client, table: string, target: number, add: (count: number) => Promise<void>): Promise<number> {
  const [{ count }] = (await client.query(`select count(*)::int as count from ${table}`)).rows;
  const missing = Math.max(0, target - count);
  const started = performance.now();
  for (let done = 0; done < missing; done += BATCH) {
    await client.query('begin');
    await add(Math.min(BATCH, missing - done));
    await client.query('commit');
    if ((done / BATCH) % 20 === 19) console.error(`  ${table}: ${done + BATCH} of ${missing} (${elapsed(started)})`);
  }
  if (missing) console.error(`${table}: added ${missing} in ${elapsed(started)}`);
  return missing;
}

interface ReferenceData {
  topicIds: string[];
  groupIds: string[];
  countryCodes: string[];
  organizationIds: string[];
  /** People who can request and speak, with their first language. */
  people: { id: string; language: string }[];
  /** Next free position on each group's curated list. */
  positions: Map<string, number>;
  /** The id of a new row of `table` (numberedIds). */
  newId: (table: string) => string;
}

async function referenceData(client: pg.Client): Promise<ReferenceData> {
  const topics = (await client.query(`select id, slug, name from topic`)).rows;
  const bySlug = new Map(topics.map((topic) => [topic.slug, topic]));
  const ordered = TOPIC_SLUGS.map((slug) => bySlug.get(slug) ?? (() => { throw new Error(`the seed lacks topic ${slug}`); })());
  const groups = (await client.query(`select g.id, coalesce(max(gr.position), 0) + 1 as next from working_group g left join group_resource gr on gr.working_group_id = g.id group by g.id order by g.slug`)).rows;
  const newId = await numberedIds(client, ['organization', 'membership', 'person', 'resource', 'peer_exchange_request', 'webinar']);
  return {
    topicIds: ordered.map((topic) => topic.id),
    groupIds: groups.map((group) => group.id),
    countryCodes: (await client.query(`select code from country order by code`)).rows.map((row) => row.code),
    organizationIds: (await client.query(`select id from organization order by name, country_code, id`)).rows.map((row) => row.id),
    people: (await client.query(`select id, coalesce(languages[1], 'en') as language from person order by email`)).rows,
    positions: new Map(groups.map((group) => [group.id, Number(group.next)])),
    newId,
  };
}

/**
 * Ids for new rows, the same from one run to the next: the n-th row of a
 * table (counting those already there) gets a UUID derived from the table's
 * name and n. With random ids the same counts gave different data each time
 * (whatever was picked by id changed, the benchmarks' own picks too).
 * Counting from the rows already there keeps a later run with larger counts
 * clear of the ids an earlier run gave. The reference data is read in an
 * order that does not depend on ids for the same reason: the seed's ids are
 * random (relative to the seed, the generated data is the same).
 */
async function numberedIds(client: pg.Client, tables: string[]): Promise<(table: string) => string> {
  const next = new Map<string, number>();
  for (const table of tables) next.set(table, (await client.query(`select count(*)::int as count from ${table}`)).rows[0].count);
  return (table) => {
    const n = next.get(table)!;
    next.set(table, n + 1);
    const hex = createHash('sha256').update(`opengov-hub-bench:${table}:${n}`).digest('hex');
    // Laid out as a version-4 UUID (version and variant bits set), as the hub's own ids are.
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}

async function organizations(client: pg.Client, dice: Dice, lookup: ReferenceData, count: number) {
  const rows = new Columns('organization', [['id', 'uuid'], ['name', 'text'], ['kind', 'text'], ['country_code', 'text']]);
  const memberships = new Columns('membership', [['id', 'uuid'], ['working_group_id', 'uuid'], ['organization_id', 'uuid'], ['joined_on', 'date']]);
  for (let i = 0; i < count; i++) {
    const id = lookup.newId('organization');
    const language = dice.language();
    rows.push(id, fill(dice.pick(language.organizations), dice.place()), dice.pick(ORGANIZATION_KINDS), dice.chance(0.9) ? dice.pick(lookup.countryCodes) : null);
    for (const group of dice.distinct(1 + dice.int(2), lookup.groupIds.length)) {
      memberships.push(lookup.newId('membership'), lookup.groupIds[group], id, dice.date(2013, 2026));
    }
    lookup.organizationIds.push(id);
  }
  await rows.flush(client);
  await memberships.flush(client);
}

/**
 * Memberships that ended: an organisation that took part in a group for a
 * while and left (the current ones come with the organisations). Group
 * pages list current members only, so these are what a long history adds.
 */
async function pastMemberships(client: pg.Client, dice: Dice, lookup: ReferenceData, count: number) {
  const memberships = new Columns('membership', [['id', 'uuid'], ['working_group_id', 'uuid'], ['organization_id', 'uuid'], ['joined_on', 'date'], ['left_on', 'date']]);
  for (let i = 0; i < count; i++) {
    const joined = dice.date(2011, 2020);
    memberships.push(lookup.newId('membership'), dice.pick(lookup.groupIds), dice.pick(lookup.organizationIds), joined, dice.date(Number(joined.slice(0, 4)) + 1, 2026));
  }
  await memberships.flush(client);
}

/**
 * When a generated person joined the hub: spread over its first years (as
 * people sign up over time, among the resources published meanwhile), not
 * all at the moment of generation, which would make every person newer than
 * every resource. Read from the person's id, not drawn from the dice: the
 * rest of the data stays what it was.
 */
function signedUpAt(id: string): string {
  const from = Date.UTC(2021, 0, 1);
  const share = parseInt(id.slice(0, 8), 16) / 2 ** 32;
  return new Date(from + share * (Date.UTC(2026, 10, 1) - from)).toISOString();
}

async function people(client: pg.Client, dice: Dice, lookup: ReferenceData, count: number) {
  const rows = new Columns('person', [
    ['id', 'uuid'], ['created_at', 'timestamptz'], ['name', 'text'], ['title', 'text'], ['organization_id', 'uuid'], ['country_code', 'text'],
    ['languages', 'text', 'text[]'], ['expertise', 'text'], ['open_to_peer_exchange', 'bool'], ['email', 'text'], ['is_demo', 'bool'],
  ]);
  const topics = new Columns('person_topic', [['person_id', 'uuid'], ['topic_id', 'uuid']]);
  for (let i = 0; i < count; i++) {
    const id = lookup.newId('person');
    const language = dice.language();
    const languages = [...new Set([language.code, ...(dice.chance(0.5) ? ['en'] : []), ...(dice.chance(0.1) ? [dice.language().code] : [])])];
    const [main, second] = dice.distinct(2, TOPIC_SLUGS.length);
    const expertise = fill(dice.pick(language.expertise), language.topics[main], language.topics[second], dice.place());
    rows.push(
      id, signedUpAt(id), `${dice.pick(FIRST_NAMES)} ${dice.pick(LAST_NAMES)}`, dice.pick(language.jobTitles), dice.chance(0.85) ? dice.pick(lookup.organizationIds) : null,
      dice.pick(lookup.countryCodes), `{${languages.join(',')}}`, expertise, dice.chance(0.4), `${id}@bench.example.org`, true,
    );
    for (const topic of new Set([main, ...dice.distinct(dice.int(3), TOPIC_SLUGS.length)])) topics.push(id, lookup.topicIds[topic]);
    lookup.people.push({ id, language: language.code });
  }
  await rows.flush(client);
  await topics.flush(client);
}

async function resources(client: pg.Client, dice: Dice, lookup: ReferenceData, count: number) {
  const rows = new Columns('resource', [
    ['id', 'uuid'], ['title', 'text'], ['summary', 'text'], ['url', 'text'], ['kind', 'text'], ['language', 'text'],
    ['published_on', 'date'], ['status', 'text'], ['is_demo', 'bool'],
  ]);
  const topics = new Columns('resource_topic', [['resource_id', 'uuid'], ['topic_id', 'uuid']]);
  const countries = new Columns('resource_country', [['resource_id', 'uuid'], ['country_code', 'text']]);
  const curated = new Columns('group_resource', [['working_group_id', 'uuid'], ['resource_id', 'uuid'], ['position', 'int4']]);
  for (let i = 0; i < count; i++) {
    const id = lookup.newId('resource');
    const language = dice.language();
    const topicIndexes = dice.distinct(1 + dice.int(3), TOPIC_SLUGS.length);
    const [main, second = dice.int(TOPIC_SLUGS.length)] = topicIndexes;
    const place = dice.place();
    const project = capitalize(dice.inventedWord());
    const sentences = Array.from({ length: 2 + dice.int(2) }, () =>
      fill(dice.pick(language.sentences), language.topics[main], language.topics[second], place, project),
    );
    const status = dice.chance(0.95) ? 'published' : dice.pick(['submitted', 'archived', 'rejected']);
    rows.push(id, capitalize(fill(dice.pick(language.titles), language.topics[main], place)), sentences.join(' '),
      `https://example.org/bench/${id}`, dice.pick(KINDS), language.code, dice.date(2010, 2026), status, true);
    for (const topic of topicIndexes) topics.push(id, lookup.topicIds[topic]);
    for (const country of new Set(Array.from({ length: dice.int(3) }, () => dice.skewed(lookup.countryCodes)))) countries.push(id, country);
    if (dice.chance(0.8)) {
      const group = dice.pick(lookup.groupIds);
      const position = lookup.positions.get(group)!;
      lookup.positions.set(group, position + 1);
      curated.push(group, id, position);
    }
  }
  for (const batch of [rows, topics, countries, curated]) await batch.flush(client);
}

async function requests(client: pg.Client, dice: Dice, lookup: ReferenceData, count: number) {
  const rows = new Columns('peer_exchange_request', [
    ['id', 'uuid'], ['created_at', 'timestamptz'], ['title', 'text'], ['description', 'text'], ['format', 'text'],
    ['needed_by', 'date'], ['status', 'text'], ['requester_id', 'uuid'], ['working_group_id', 'uuid'], ['is_demo', 'bool'],
  ]);
  const topics = new Columns('peer_exchange_request_topic', [['request_id', 'uuid'], ['topic_id', 'uuid']]);
  for (let i = 0; i < count; i++) {
    const id = lookup.newId('peer_exchange_request');
    const requester = dice.pick(lookup.people);
    const language = LANGUAGES.find((candidate) => candidate.code === requester.language) ?? LANGUAGES[0];
    const topicIndexes = dice.distinct(1 + dice.int(3), TOPIC_SLUGS.length);
    const place = dice.place();
    rows.push(
      id, `${dice.date(2022, 2026)}T10:00:00Z`, fill(dice.pick(language.requestTitles), language.topics[topicIndexes[0]], place),
      fill(dice.pick(language.requestDescriptions), language.topics[topicIndexes[0]], place), dice.pick(FORMATS),
      dice.chance(0.5) ? dice.date(2027, 2028) : null, dice.skewed(['open', 'matched', 'completed', 'withdrawn']), requester.id,
      dice.chance(0.8) ? dice.pick(lookup.groupIds) : null, true,
    );
    for (const topic of topicIndexes) topics.push(id, lookup.topicIds[topic]);
  }
  await rows.flush(client);
  await topics.flush(client);
}

async function webinars(client: pg.Client, dice: Dice, lookup: ReferenceData, count: number) {
  const rows = new Columns('webinar', [
    ['id', 'uuid'], ['working_group_id', 'uuid'], ['title', 'text'], ['description', 'text'], ['starts_at', 'timestamptz'],
    ['time_zone', 'text'], ['duration_minutes', 'int4'], ['language', 'text'], ['status', 'text'], ['is_demo', 'bool'],
  ]);
  const topics = new Columns('webinar_topic', [['webinar_id', 'uuid'], ['topic_id', 'uuid']]);
  for (let i = 0; i < count; i++) {
    const id = lookup.newId('webinar');
    const language = dice.language();
    const [main, second] = dice.distinct(2, TOPIC_SLUGS.length);
    const place = dice.place();
    rows.push(
      id, dice.pick(lookup.groupIds), fill(dice.pick(language.webinarTitles), language.topics[main], place),
      fill(dice.pick(language.sentences), language.topics[main], language.topics[second], place, capitalize(dice.inventedWord())),
      `${dice.date(2024, 2028)}T14:00:00Z`, 'UTC', 60, language.code, dice.pick(['scheduled', 'held', 'rescheduled', 'cancelled']), true,
    );
    topics.push(id, lookup.topicIds[main]);
  }
  await rows.flush(client);
  await topics.flush(client);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
