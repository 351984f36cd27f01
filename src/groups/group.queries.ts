import { inBatch, sql, type Db, type RawBuilder } from '../db/sql.js';
import { byKey, defineLoader, groupedByKey, groupedNodes } from '../graphql/loaders.js';
import { hydrate } from '../graphql/node.js';
import type { RequestContext } from '../graphql/context.js';
import { OrderDirection, orderingOf } from '../graphql/order.js';
import { defineChildConnection } from '../graphql/pagination/resolve.js';
import type { ListQuery } from '../graphql/pagination/page.js';
import { OrganizationNode } from '../organizations/organization.node.js';
import { organizationColumns, organizationConditions, organizationOrdering, type OrganizationFilterValues } from '../organizations/organization.queries.js';
import { personColumns, personConditions, personOrdering, type PersonFilterValues } from '../people/person.queries.js';
import { PersonNode } from '../people/person.node.js';
import { AnchorSector, type WorkingGroupStatus } from './group.enums.js';
import { currentCurators } from './curators.sql.js';
import { AnchorshipNode, PriorityAreaNode, WorkingGroupNode } from './group.node.js';

/** Working-group columns under the alias `g`, named as WorkingGroupNode's properties. */
export const workingGroupColumns = sql`g.id as key, g.slug, g.name, g.description, g.status, g.launched_on::text as "launchedOn"`;

function toGroups(rows: WorkingGroupNode[]) {
  return rows.map((row) => hydrate(WorkingGroupNode, row));
}

/**
 * Every working group, for the server's memory (SharedServices.workingGroups):
 * a few dozen rows that nearly every page names and administrators rarely
 * change, so reads name them without a statement.
 */
export async function listWorkingGroups(db: Db): Promise<WorkingGroupNode[]> {
  return toGroups(await db.rows<WorkingGroupNode>(sql`select ${workingGroupColumns} from working_group g order by g.name, g.id`));
}

/**
 * A working group by id, from the server's memory; from the database when
 * the memory lacks it (a group created a moment ago through another
 * instance, before this one heard of it).
 */
export async function workingGroupByKey(context: RequestContext, key: string): Promise<WorkingGroupNode | null> {
  return (await context.workingGroups.get(key)) ?? context.loaders.of(workingGroupById).load(key);
}

/** A working group by slug, as workingGroupByKey finds one by id. */
export async function workingGroupWithSlug(context: RequestContext, slug: string): Promise<WorkingGroupNode | null> {
  return (await context.workingGroups.find((group) => group.slug === slug)) ?? context.loaders.of(workingGroupBySlug).load(slug);
}

/**
 * Working groups from the database. Mutations check theirs this way, in
 * their transaction (the group exists, the caller may act in it), not
 * against the server's memory of them.
 */
export const workingGroupById = defineLoader<string, WorkingGroupNode | null>('workingGroup.byId', async (db, ids) => {
  const rows = await db.rows<WorkingGroupNode>(sql`select ${workingGroupColumns} from working_group g where ${inBatch(sql`g.id`, ids)}`);
  return byKey(toGroups(rows), ids, (group) => group.key);
});

const workingGroupBySlug = defineLoader<string, WorkingGroupNode | null>('workingGroup.bySlug', async (db, slugs) => {
  const rows = await db.rows<WorkingGroupNode>(sql`select ${workingGroupColumns} from working_group g where g.slug = any(${slugs}::text[])`);
  return byKey(toGroups(rows), slugs, (group) => group.slug);
});

/** The groups each organisation currently belongs to, by name. */
export const groupsOfOrganization = defineLoader<string, WorkingGroupNode[]>('workingGroup.ofOrganization', async (db, organizationIds) => {
  const rows = await db.rows<WorkingGroupNode & { owner: string }>(sql`
    select m.organization_id as owner, ${workingGroupColumns}
    from membership m join working_group g on g.id = m.working_group_id
    where ${inBatch(sql`m.organization_id`, organizationIds)} and m.left_on is null
    order by g.name, g.id`);
  return groupedByKey(rows, organizationIds, (row) => row.owner).map(toGroups);
});

/** The groups that list each resource on their curated lists, by name. */
export const groupsOfResource = defineLoader<string, WorkingGroupNode[]>('workingGroup.ofResource', async (db, resourceIds) => {
  const rows = await db.rows<WorkingGroupNode & { owner: string }>(sql`
    select gr.resource_id as owner, ${workingGroupColumns}
    from group_resource gr join working_group g on g.id = gr.working_group_id
    where ${inBatch(sql`gr.resource_id`, resourceIds)}
    order by g.name, g.id`);
  return groupedByKey(rows, resourceIds, (row) => row.owner).map(toGroups);
});

export interface WorkingGroupFilterValues {
  statuses?: WorkingGroupStatus[] | null;
}

export function workingGroupList(filter: WorkingGroupFilterValues, direction: OrderDirection): ListQuery {
  const where: RawBuilder<unknown>[] = [];
  if (filter.statuses) where.push(sql`g.status = any(${filter.statuses}::text[])`);
  return {
    from: sql`working_group g`,
    where,
    select: workingGroupColumns,
    ordering: orderingOf('workingGroup', 'name', direction, [
      { expression: sql`g.name`, type: 'text' },
      { expression: sql`g.id`, type: 'uuid' },
    ]),
  };
}

export const priorityAreasOf = defineLoader<string, PriorityAreaNode[]>('priorityArea.ofGroup', async (db, groupIds) => {
  const rows = await db.rows<PriorityAreaNode>(sql`
    select ${priorityAreaColumns} from priority_area pa
    where ${inBatch(sql`pa.working_group_id`, groupIds)}
    order by pa.position, pa.id`);
  return groupedNodes(rows, groupIds, 'workingGroupKey', PriorityAreaNode);
});

const priorityAreaColumns = sql`pa.id as key, pa.working_group_id as "workingGroupKey", pa.title, pa.description, pa.position`;

export const priorityAreaById = defineLoader<string, PriorityAreaNode | null>('priorityArea.byId', async (db, ids) => {
  const rows = await db.rows<PriorityAreaNode>(sql`select ${priorityAreaColumns} from priority_area pa where ${inBatch(sql`pa.id`, ids)}`);
  return byKey(rows.map((row) => hydrate(PriorityAreaNode, row)), ids, (area) => area.key);
});

/**
 * Anchorship columns under `a`, with the anchor organisation (alias `o`)
 * joined in as an object: showing an anchor nearly always shows its name,
 * and this saves a round trip per level.
 */
const anchorshipColumns = sql`
  a.id as key, a.working_group_id as "workingGroupKey", a.lead_contact_id as "leadContactKey", a.sector, a.starts_on::text as since, a.ends_on::text as until,
  (select row_to_json(org) from (select ${organizationColumns}) org) as organization`;

type AnchorshipRow = AnchorshipNode & { organization: object };

export function toAnchorship(row: object): AnchorshipNode {
  return hydrate(AnchorshipNode, { ...row, organization: hydrate(OrganizationNode, (row as AnchorshipRow).organization) });
}

export const anchorshipById = defineLoader<string, AnchorshipNode | null>('anchorship.byId', async (db, ids) => {
  const rows = await db.rows<AnchorshipRow>(sql`
    select ${anchorshipColumns} from anchorship a join organization o on o.id = a.organization_id
    where ${inBatch(sql`a.id`, ids)}`);
  return byKey(rows.map(toAnchorship), ids, (anchorship) => anchorship.key);
});

/**
 * Every group's current anchors with their organisations, for the server's
 * memory (SharedServices.currentAnchors, keyed by anchorSeat): two per group,
 * shown on every group page, changed by administrators now and then.
 */
export async function listCurrentAnchors(db: Db): Promise<AnchorshipNode[]> {
  const rows = await db.rows<AnchorshipRow>(sql`
    select ${anchorshipColumns} from anchorship a join organization o on o.id = a.organization_id
    where a.ends_on is null`);
  return rows.map(toAnchorship);
}

/** The key of a group's seat for one sector, which at most one current anchorship holds. */
export function anchorSeat(groupKey: string, sector: AnchorSector): string {
  return `${groupKey}/${sector}`;
}

/** A group's anchorships, newest first; optionally one sector's. */
export const anchorHistory = defineChildConnection('anchorship.history', (params: { sector: AnchorSector | null }) => ({
  from: sql`anchorship a join organization o on o.id = a.organization_id`,
  // Every anchorship names an organisation (a foreign key, not null), and no condition reads it.
  countFrom: sql`anchorship a`,
  parentColumn: sql`a.working_group_id`,
  parentType: 'uuid',
  where: params.sector ? [sql`a.sector = ${params.sector}`] : [],
  select: anchorshipColumns,
  ordering: orderingOf('anchorship', 'since', OrderDirection.DESC, [
    { expression: sql`a.starts_on`, type: 'date' },
    { expression: sql`a.id`, type: 'uuid' },
  ]),
}));

/** A group's current member organisations, by name. */
export const groupMembers = defineChildConnection(
  'workingGroup.members',
  (params: { filter: OrganizationFilterValues; direction: OrderDirection }) => {
    const filter = organizationConditions(params.filter);
    return {
      from: sql`membership m join organization o on o.id = m.organization_id`,
      // Every membership names an organisation (a foreign key, not null): without a filter on
      // organisations, counting the memberships counts the members.
      countFrom: filter.length === 0 ? sql`membership m` : undefined,
      parentColumn: sql`m.working_group_id`,
      parentType: 'uuid',
      where: [sql`m.left_on is null`, ...filter],
      select: sql`${organizationColumns}, m.joined_on::text as "joinedOn"`,
      ordering: organizationOrdering(params.direction),
    };
  },
);

/** People who take part in a group through its current member organisations, by name. */
export const groupParticipants = defineChildConnection(
  'workingGroup.participants',
  (params: { filter: PersonFilterValues; direction: OrderDirection }) => ({
    from: sql`membership m join person p on p.organization_id = m.organization_id`,
    parentColumn: sql`m.working_group_id`,
    parentType: 'uuid',
    where: [sql`m.left_on is null`, ...personConditions(params.filter)],
    select: personColumns,
    ordering: personOrdering(params.direction),
  }),
);

/** Each group's current curators, by name. */
export const curatorsOf = defineLoader<string, PersonNode[]>('workingGroup.curators', async (db, groupIds) => {
  const rows = await db.rows<PersonNode & { groupKey: string }>(sql`
    select distinct c.working_group_id as "groupKey", ${personColumns}
    from ${currentCurators} c join person p on p.id = c.person_id
    where ${inBatch(sql`c.working_group_id`, groupIds)}
    order by p.name, p.id`);
  return groupedNodes(rows, groupIds, 'groupKey', PersonNode);
});
