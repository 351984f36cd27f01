import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../src/db/orm-options.js';
import { databaseIsEmpty, seedDemoData } from '../src/db/seed/seed.js';
import { cloneTemplate } from './support/test-database.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await MikroORM.init(ormOptions({ clientUrl: await cloneTemplate(), poolMax: 2 }));
});
afterAll(() => orm.close(true));

const tables = [
  'country', 'topic', 'organization', 'person', 'person_topic', 'working_group', 'priority_area', 'anchorship',
  'membership', 'resource', 'resource_topic', 'resource_country', 'group_resource', 'peer_exchange_request',
  'peer_exchange_offer', 'peer_exchange_status_change', 'webinar', 'webinar_speaker', 'webinar_topic',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const query = (sql: string): Promise<any[]> => orm.em.getConnection().execute(sql);

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await query(`select count(*)::int as count from ${table}`);
    counts[table] = row.count;
  }
  return counts;
}

describe('demonstration data', () => {
  it('is idempotent: seeding a seeded database adds nothing', async () => {
    const before = await rowCounts();
    expect(await seedDemoData(orm.em.fork())).toBe('nothing to add');
    expect(await rowCounts()).toEqual(before);
  });

  it('fills every table', async () => {
    const counts = await rowCounts();
    for (const table of tables) expect({ table, empty: counts[table] === 0 }).toEqual({ table, empty: false });
  });

  it('holds the five pilot groups', async () => {
    const rows = await query(`select slug from working_group order by slug`);
    expect(rows.map((row: { slug: string }) => row.slug)).toEqual([
      'access-to-information',
      'extractive-industries',
      'fiscal-openness',
      'open-data',
      'open-parliaments',
    ]);
    expect(await databaseIsEmpty(orm.em)).toBe(false);
  });

  it('has members from the countries the pilots started with', async () => {
    const rows = await query(`
      select distinct o.country_code as code from membership m join organization o on o.id = m.organization_id
      where o.country_code is not null`);
    const codes = rows.map((row: { code: string }) => row.code);
    expect(codes).toEqual(expect.arrayContaining(['TN', 'GB', 'PH', 'AU', 'NG', 'CA', 'BR', 'MX', 'ID', 'CR', 'US']));
  });

  it('marks its people, resources, requests and webinars as demonstration data, with example.org addresses', async () => {
    for (const table of ['person', 'resource', 'peer_exchange_request', 'webinar']) {
      const [row] = await query(`select count(*)::int as count from ${table} where not is_demo`);
      expect({ table, real: row.count }).toEqual({ table, real: 0 });
    }
    const [people] = await query(`select count(*)::int as count from person where email not like '%@example.org'`);
    expect(people.count).toBe(0);
  });

  it('has peer-exchange requests in every status, and upcoming and past webinars', async () => {
    const statuses = await query(`select distinct status from peer_exchange_request order by status`);
    expect(statuses.map((row: { status: string }) => row.status)).toEqual(['completed', 'matched', 'open', 'withdrawn']);
    const [webinars] = await query(
      `select count(*) filter (where starts_at > now())::int as upcoming, count(*) filter (where starts_at < now())::int as past from webinar`,
    );
    expect(webinars.upcoming).toBeGreaterThan(0);
    expect(webinars.past).toBeGreaterThan(0);
  });

  it('has resources in several languages', async () => {
    const rows = await query(`select distinct language from resource`);
    expect(rows.map((row: { language: string }) => row.language)).toEqual(expect.arrayContaining(['en', 'es', 'fr']));
  });
});
