import { randomUUID } from 'node:crypto';
import type { TestHub } from './test-hub.js';

/** The six kinds of caller every mutation is tried with. */
export const ROLES = ['anonymous', 'reformer', 'memberOfAnotherGroup', 'curatorOfAnotherGroup', 'curatorOfThisGroup', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleCast {
  /** A bearer token per role; undefined for anonymous. */
  tokens: Record<Role, string | undefined>;
  /** The person key behind each signed-in role. */
  people: Record<Exclude<Role, 'anonymous'>, string>;
  groupKey: string;
}

/**
 * People standing in each role towards the group `slug`, found in (or added
 * to) the test file's database:
 * - reformer: a new person with no organisation;
 * - memberOfAnotherGroup: someone whose organisation belongs to another group but not this one, and who curates nothing;
 * - curatorOfAnotherGroup: the lead contact of another group's current anchor, with no role here;
 * - curatorOfThisGroup: the lead contact of this group's current government anchor;
 * - admin: a new person of the Support Unit.
 */
export async function castRoles(hub: TestHub, slug: string): Promise<RoleCast> {
  const [{ id: groupKey }] = await hub.sql(`select id from working_group where slug = ?`, [slug]);
  const curatorsOf = `
    select lead_contact_id as id from anchorship where ends_on is null and lead_contact_id is not null and working_group_id = ?
    union select person_id from curator_appointment where ended_at is null and working_group_id = ?`;
  const [curatorHere] = await hub.sql(
    `select p.id, p.email from anchorship a join person p on p.id = a.lead_contact_id
     where a.working_group_id = ? and a.ends_on is null and a.sector = 'government'`,
    [groupKey],
  );
  const [curatorElsewhere] = await hub.sql(
    `select p.id, p.email from anchorship a join person p on p.id = a.lead_contact_id
     where a.working_group_id <> ? and a.ends_on is null
       and p.id not in (${curatorsOf})
       and not exists (select 1 from membership m where m.organization_id = p.organization_id and m.working_group_id = ? and m.left_on is null)
     order by p.email limit 1`,
    [groupKey, groupKey, groupKey, groupKey],
  );
  const [memberElsewhere] = await hub.sql(
    `select p.id, p.email from person p
     where exists (select 1 from membership m where m.organization_id = p.organization_id and m.working_group_id <> ? and m.left_on is null)
       and not exists (select 1 from membership m where m.organization_id = p.organization_id and m.working_group_id = ? and m.left_on is null)
       and not exists (select 1 from anchorship a where a.lead_contact_id = p.id and a.ends_on is null)
       and not exists (select 1 from curator_appointment c where c.person_id = p.id and c.ended_at is null)
     order by p.email limit 1`,
    [groupKey, groupKey],
  );
  if (!curatorHere || !curatorElsewhere || !memberElsewhere) throw new Error(`the seed data lacks a role for ${slug}`);
  const reformer = await newPerson(hub, 'Reformer');
  const admin = await newPerson(hub, 'Admin');
  const tokens = {
    anonymous: undefined,
    reformer: await hub.tokenFor(reformer.email),
    memberOfAnotherGroup: await hub.tokenFor(memberElsewhere.email),
    curatorOfAnotherGroup: await hub.tokenFor(curatorElsewhere.email),
    curatorOfThisGroup: await hub.tokenFor(curatorHere.email),
    admin: await hub.tokenFor(admin.email, { admin: true }),
  };
  return {
    tokens,
    people: {
      reformer: reformer.id,
      memberOfAnotherGroup: memberElsewhere.id,
      curatorOfAnotherGroup: curatorElsewhere.id,
      curatorOfThisGroup: curatorHere.id,
      admin: admin.id,
    },
    groupKey,
  };
}

/** A new person with no organisation, for tests that need a stranger. */
export async function newPerson(hub: TestHub, name: string): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${name.toLowerCase()}.${id.slice(0, 8)}@example.org`;
  await hub.sql(`insert into person (id, name, email, languages) values (?, ?, ?, '{en}')`, [id, `${name} ${id.slice(0, 4)}`, email]);
  return { id, email };
}

/** The global ID the API uses for a row. */
export function globalId(typeName: string, key: string): string {
  return Buffer.from(`${typeName}:${key}`, 'utf8').toString('base64url');
}
