import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../src/db/orm-options.js';
import { schemaDriftsFromMigrations } from '../src/db/migrate.js';
import { cloneTemplate } from './support/test-database.js';

let orm: MikroORM;
beforeAll(async () => {
  orm = await MikroORM.init(ormOptions({ clientUrl: await cloneTemplate(), poolMax: 2 }));
});
afterAll(() => orm.close(true));

const execute = (sql: string, params: unknown[] = []) => orm.em.getConnection().execute(sql, params);

describe('migrations', () => {
  it('produce exactly the schema the entities describe (no drift)', async () => {
    expect(await schemaDriftsFromMigrations(orm)).toEqual([]);
  });

  it('have all been applied and none is pending', async () => {
    expect(await orm.migrator.getPending()).toEqual([]);
    expect((await orm.migrator.getExecuted()).length).toBeGreaterThan(0);
  });

  it('notice drift: a column the entities do not know is reported', async () => {
    await execute('alter table topic add column stray text');
    try {
      expect((await schemaDriftsFromMigrations(orm)).join('\n')).toMatch(/stray/);
    } finally {
      await execute('alter table topic drop column stray');
    }
  });
});

describe('the database itself guarantees', () => {
  async function someGroup() {
    const [group] = await execute(`select id from working_group where slug = 'open-data'`);
    const [organization] = await execute(`select id from organization order by name limit 1`);
    return { group: group.id as string, organization: organization.id as string };
  }

  it('at most one current anchor per sector per group', async () => {
    const { group, organization } = await someGroup();
    await expect(
      execute(`insert into anchorship (id, working_group_id, organization_id, sector, starts_on) values (gen_random_uuid(), ?, ?, 'government', '2026-01-01')`, [group, organization]),
    ).rejects.toThrow(/anchorship_one_current_per_sector/);
  });

  it('any number of past anchorships per sector', async () => {
    const { group, organization } = await someGroup();
    for (const year of [2014, 2015]) {
      await execute(
        `insert into anchorship (id, working_group_id, organization_id, sector, starts_on, ends_on) values (gen_random_uuid(), ?, ?, 'government', ?, ?)`,
        [group, organization, `${year}-01-01`, `${year}-12-31`],
      );
    }
  });

  it('an anchorship does not end before it starts', async () => {
    const { group, organization } = await someGroup();
    await expect(
      execute(`insert into anchorship (id, working_group_id, organization_id, sector, starts_on, ends_on) values (gen_random_uuid(), ?, ?, 'civil_society', '2020-01-01', '2019-01-01')`, [group, organization]),
    ).rejects.toThrow(/anchorship_period_check/);
  });

  it('resource URLs are http or https', async () => {
    await expect(
      execute(`insert into resource (id, title, summary, url, kind, language, published_on, status) values (gen_random_uuid(), 't', 's', 'javascript:alert(1)', 'guide', 'en', '2020-01-01', 'published')`),
    ).rejects.toThrow(/resource_url_scheme_check/);
  });

  it('statuses and kinds are known values', async () => {
    await expect(execute(`update working_group set status = 'dormant' where slug = 'open-data'`)).rejects.toThrow(/working_group_status_check/);
  });
});
