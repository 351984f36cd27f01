import {
  AddPriorityAreaDocument,
  AppointCuratorDocument,
  GroupPermissionsDocument,
  LeaveWorkingGroupDocument,
  RemoveCuratorDocument,
  SetAnchorDocument,
  UpdatePriorityAreaDocument,
} from './generated/operations.js';
import { castRoles, globalId, newPerson, type RoleCast } from './support/roles.js';
import { dataOf, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
let cast: RoleCast;
let groupId: string;
beforeAll(async () => {
  hub = await startTestHub();
  cast = await castRoles(hub, 'fiscal-openness');
  groupId = globalId('WorkingGroup', cast.groupKey);
});
afterAll(() => hub.close());

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);
const today = () => new Date().toISOString().slice(0, 10);

describe('priority areas', () => {
  it('are added at a position and renumbered 1…n; moved and removed the same way', async () => {
    const before = await sql(`select title from priority_area where working_group_id = ? order by position`, [cast.groupKey]);
    const added = dataOf(await hub.graphql(AddPriorityAreaDocument, { input: { workingGroupId: groupId, title: 'Budget credibility', position: 2 } }, { token: cast.tokens.curatorOfThisGroup })).addPriorityArea;
    expect(added.userErrors).toEqual([]);
    expect(added.workingGroup!.priorityAreas.map((area) => area.title)).toEqual([before[0].title, 'Budget credibility', ...before.slice(1).map((row: { title: string }) => row.title)]);
    expect(added.workingGroup!.priorityAreas.map((area) => area.position)).toEqual(added.workingGroup!.priorityAreas.map((_, index) => index + 1));

    const moved = dataOf(await hub.graphql(UpdatePriorityAreaDocument, { input: { priorityAreaId: added.priorityArea!.id, position: 1 } }, { token: cast.tokens.curatorOfThisGroup })).updatePriorityArea;
    expect(moved.workingGroup!.priorityAreas[0].title).toBe('Budget credibility');

    const removed = dataOf(await hub.graphql(UpdatePriorityAreaDocument, { input: { priorityAreaId: added.priorityArea!.id, remove: true } }, { token: cast.tokens.curatorOfThisGroup })).updatePriorityArea;
    expect(removed.priorityArea).toBeNull();
    expect(removed.workingGroup!.priorityAreas.map((area) => area.title)).toEqual(before.map((row: { title: string }) => row.title));
  });

  it('refuse an empty title and a position beyond the end, writing nothing', async () => {
    const empty = dataOf(await hub.graphql(AddPriorityAreaDocument, { input: { workingGroupId: groupId, title: '  ' } }, { token: cast.tokens.admin })).addPriorityArea;
    expect(empty.userErrors).toEqual([expect.objectContaining({ field: ['title'], code: 'REQUIRED' })]);
    const far = dataOf(await hub.graphql(AddPriorityAreaDocument, { input: { workingGroupId: groupId, title: 'Far away', position: 99 } }, { token: cast.tokens.admin })).addPriorityArea;
    expect(far.userErrors).toEqual([expect.objectContaining({ field: ['position'], code: 'INVALID' })]);
    const [{ count }] = await sql(`select count(*)::int as count from priority_area where title = 'Far away'`);
    expect(count).toBe(0);
  });
});

describe('setAnchor', () => {
  it('ends the current anchor of the sector, starts the new one, makes it a member, and ends its appointees\' rights', async () => {
    // The current civil-society lead appoints a curator, who curates until that anchorship ends.
    const [lead] = await sql(`select p.email, a.id from anchorship a join person p on p.id = a.lead_contact_id where a.working_group_id = ? and a.sector = 'civil_society' and a.ends_on is null`, [cast.groupKey]);
    const leadToken = await hub.tokenFor(lead.email);
    const appointee = await newPerson(hub, 'Appointee');
    const appointeeToken = await hub.tokenFor(appointee.email);
    expect(dataOf(await hub.graphql(AppointCuratorDocument, { input: { workingGroupId: groupId, personId: globalId('Person', appointee.id) } }, { token: leadToken })).appointCurator.userErrors).toEqual([]);
    expect(dataOf(await hub.graphql(GroupPermissionsDocument, { slug: 'fiscal-openness' }, { token: appointeeToken })).workingGroup!.viewerCanCurate).toBe(true);

    const [newAnchor] = await sql(`select o.id from organization o where o.kind = 'civil_society' and not exists (select 1 from anchorship a where a.organization_id = o.id and a.ends_on is null) order by o.name limit 1`);
    const response = dataOf(
      await hub.graphql(SetAnchorDocument, { input: { workingGroupId: groupId, organizationId: globalId('Organization', newAnchor.id), sector: 'CIVIL_SOCIETY', since: today() } }, { token: cast.tokens.admin }),
    ).setAnchor;
    expect(response.userErrors).toEqual([]);
    expect(response.anchorship).toMatchObject({ sector: 'CIVIL_SOCIETY', since: today(), until: null, isCurrent: true });
    expect(response.workingGroup!.civilSocietyAnchor!.organization.id).toBe(globalId('Organization', newAnchor.id));
    const [previous] = await sql(`select ends_on::text as ends from anchorship where id = ?`, [lead.id]);
    expect(previous.ends).toBe(today());
    const [{ count: members }] = await sql(`select count(*)::int as count from membership where working_group_id = ? and organization_id = ? and left_on is null`, [cast.groupKey, newAnchor.id]);
    expect(members).toBe(1);
    expect(dataOf(await hub.graphql(GroupPermissionsDocument, { slug: 'fiscal-openness' }, { token: appointeeToken })).workingGroup!.viewerCanCurate).toBe(false);
    expect(dataOf(await hub.graphql(GroupPermissionsDocument, { slug: 'fiscal-openness' }, { token: leadToken })).workingGroup!.viewerCanCurate).toBe(false);
  });

  it('refuses an organisation of the wrong kind, a lead contact from elsewhere, and a date in the future', async () => {
    const [government] = await sql(`select id from organization where kind = 'national_government' order by name limit 1`);
    const [civil] = await sql(`select id from organization where kind = 'civil_society' order by name desc limit 1`);
    const [stranger] = await sql(`select id from person where organization_id is distinct from ? limit 1`, [civil.id]);
    const wrongKind = dataOf(await hub.graphql(SetAnchorDocument, { input: { workingGroupId: groupId, organizationId: globalId('Organization', government.id), sector: 'CIVIL_SOCIETY', since: today() } }, { token: cast.tokens.admin })).setAnchor;
    expect(wrongKind.userErrors).toEqual([expect.objectContaining({ field: ['organizationId'], code: 'INVALID' })]);
    const wrongLead = dataOf(await hub.graphql(SetAnchorDocument, { input: { workingGroupId: groupId, organizationId: globalId('Organization', civil.id), sector: 'CIVIL_SOCIETY', since: today(), leadContactId: globalId('Person', stranger.id) } }, { token: cast.tokens.admin })).setAnchor;
    expect(wrongLead.userErrors).toEqual([expect.objectContaining({ field: ['leadContactId'], code: 'INVALID' })]);
    const future = dataOf(await hub.graphql(SetAnchorDocument, { input: { workingGroupId: groupId, organizationId: globalId('Organization', civil.id), sector: 'CIVIL_SOCIETY', since: '2999-01-01' } }, { token: cast.tokens.admin })).setAnchor;
    expect(future.userErrors).toEqual([expect.objectContaining({ field: ['since'], code: 'INVALID' })]);
  });
});

describe('curators', () => {
  it('are appointed once, listed, and removed; a lead contact cannot be removed as an appointee', async () => {
    const person = await newPerson(hub, 'Curator');
    const personId = globalId('Person', person.id);
    const appointed = dataOf(await hub.graphql(AppointCuratorDocument, { input: { workingGroupId: groupId, personId } }, { token: cast.tokens.curatorOfThisGroup })).appointCurator;
    expect(appointed.workingGroup!.curators.map((curator) => curator.id)).toContain(personId);
    const twice = dataOf(await hub.graphql(AppointCuratorDocument, { input: { workingGroupId: groupId, personId } }, { token: cast.tokens.curatorOfThisGroup })).appointCurator;
    expect(twice.userErrors).toEqual([expect.objectContaining({ field: ['personId'], code: 'ALREADY_DONE' })]);
    const removed = dataOf(await hub.graphql(RemoveCuratorDocument, { input: { workingGroupId: groupId, personId } }, { token: cast.tokens.curatorOfThisGroup })).removeCurator;
    expect(removed.workingGroup!.curators.map((curator) => curator.id)).not.toContain(personId);
    const notACurator = dataOf(await hub.graphql(RemoveCuratorDocument, { input: { workingGroupId: groupId, personId } }, { token: cast.tokens.curatorOfThisGroup })).removeCurator;
    expect(notACurator.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    const lead = dataOf(await hub.graphql(RemoveCuratorDocument, { input: { workingGroupId: groupId, personId: globalId('Person', cast.people.curatorOfThisGroup) } }, { token: cast.tokens.admin })).removeCurator;
    expect(lead.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION' })]);
  });
});

describe('leaving a group', () => {
  it('is refused to a current anchor', async () => {
    const [anchor] = await sql(`select organization_id as id from anchorship where working_group_id = ? and ends_on is null and sector = 'government'`, [cast.groupKey]);
    const response = dataOf(await hub.graphql(LeaveWorkingGroupDocument, { input: { workingGroupId: groupId, organizationId: globalId('Organization', anchor.id) } }, { token: cast.tokens.admin })).leaveWorkingGroup;
    expect(response.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION' })]);
  });
});
