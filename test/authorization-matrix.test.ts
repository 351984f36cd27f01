import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AddPriorityAreaDocument,
  AppointCuratorDocument,
  ArchiveResourceDocument,
  CreateAccessTokenDocument,
  CreateResourceDocument,
  CurateResourceDocument,
  JoinWorkingGroupDocument,
  LeaveWorkingGroupDocument,
  RemoveCuratorDocument,
  ReviewResourceDocument,
  RevokeAccessTokenDocument,
  SetAnchorDocument,
  SubmitResourceDocument,
  UpdateMyProfileDocument,
  UpdatePriorityAreaDocument,
  UpdateResourceDocument,
} from './generated/operations.js';
import { databaseFingerprint } from './support/fingerprint.js';
import { castRoles, globalId, newPerson, ROLES, type Role, type RoleCast } from './support/roles.js';
import { errorCodes, startTestHub, type GraphQLResponse, type TestHub } from './support/test-hub.js';

/**
 * Every mutation of the curation API × every kind of caller. Allowed calls
 * succeed with no user errors; denied ones are UNAUTHENTICATED (anonymous)
 * or FORBIDDEN, and leave every table exactly as it was.
 */
let hub: TestHub;
let cast: RoleCast;
const SLUG = 'open-data';

beforeAll(async () => {
  hub = await startTestHub();
  cast = await castRoles(hub, SLUG);
});
afterAll(() => hub.close());

const group = () => globalId('WorkingGroup', cast.groupKey);
const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);
const fields = () => ({
  title: `Resource ${randomUUID().slice(0, 8)}`,
  summary: 'A case study.',
  url: `https://example.org/resources/${randomUUID()}`,
  kind: 'CASE_STUDY' as const,
  language: 'en',
  publishedOn: '2026-01-15',
});

/** A resource on this group's list, in the given status. */
async function resourceInGroup(status: 'submitted' | 'published'): Promise<string> {
  const id = randomUUID();
  await sql(
    `insert into resource (id, title, summary, url, kind, language, published_on, status, submitted_by_id)
     values (?, 'Arranged resource', 'For the matrix.', ?, 'guide', 'en', '2025-01-01', ?, ?)`,
    [id, `https://example.org/arranged/${id}`, status, cast.people.reformer],
  );
  await sql(
    `insert into group_resource (working_group_id, resource_id, featured, position)
     values (?, ?, false, (select coalesce(max(position), 0) + 1 from group_resource where working_group_id = ?))`,
    [cast.groupKey, id, cast.groupKey],
  );
  return globalId('Resource', id);
}

async function newOrganization(kind = 'civil_society'): Promise<string> {
  const id = randomUUID();
  await sql(`insert into organization (id, name, kind, country_code) values (?, ?, ?, 'GB')`, [id, `Org ${id.slice(0, 8)}`, kind]);
  return id;
}

interface Case {
  mutation: string;
  allowed: Role[];
  document: TypedDocumentNode<Record<string, { userErrors: unknown[] }>, { input: Record<string, unknown> }>;
  /** A fresh input for one call: each allowed call changes the data, so each gets its own. */
  input(): Promise<Record<string, unknown>>;
}

const curatorsAndAdmins: Role[] = ['curatorOfThisGroup', 'admin'];
const signedIn: Role[] = ['reformer', 'memberOfAnotherGroup', 'curatorOfAnotherGroup', 'curatorOfThisGroup', 'admin'];

const cases: Case[] = [
  { mutation: 'submitResource', allowed: signedIn, document: SubmitResourceDocument as never, input: async () => ({ workingGroupId: group(), ...fields() }) },
  { mutation: 'createResource', allowed: curatorsAndAdmins, document: CreateResourceDocument as never, input: async () => ({ workingGroupId: group(), ...fields() }) },
  { mutation: 'updateResource', allowed: curatorsAndAdmins, document: UpdateResourceDocument as never, input: async () => ({ resourceId: await resourceInGroup('published'), title: 'Renamed' }) },
  { mutation: 'reviewResource', allowed: curatorsAndAdmins, document: ReviewResourceDocument as never, input: async () => ({ resourceId: await resourceInGroup('submitted'), decision: 'PUBLISH' }) },
  { mutation: 'archiveResource', allowed: curatorsAndAdmins, document: ArchiveResourceDocument as never, input: async () => ({ resourceId: await resourceInGroup('published') }) },
  { mutation: 'curateResource', allowed: curatorsAndAdmins, document: CurateResourceDocument as never, input: async () => ({ workingGroupId: group(), resourceId: await resourceInGroup('published'), featured: true, position: 1 }) },
  { mutation: 'addPriorityArea', allowed: curatorsAndAdmins, document: AddPriorityAreaDocument as never, input: async () => ({ workingGroupId: group(), title: 'Beneficial ownership data', position: 1 }) },
  {
    mutation: 'updatePriorityArea',
    allowed: curatorsAndAdmins,
    document: UpdatePriorityAreaDocument as never,
    input: async () => {
      const [area] = await sql(`select id from priority_area where working_group_id = ? order by position limit 1`, [cast.groupKey]);
      return { priorityAreaId: globalId('PriorityArea', area.id), title: `Renamed ${randomUUID().slice(0, 4)}` };
    },
  },
  {
    mutation: 'setAnchor',
    allowed: ['admin'],
    document: SetAnchorDocument as never,
    input: async () => ({ workingGroupId: group(), organizationId: globalId('Organization', await newOrganization()), sector: 'CIVIL_SOCIETY', since: new Date().toISOString().slice(0, 10) }),
  },
  {
    mutation: 'appointCurator',
    allowed: curatorsAndAdmins,
    document: AppointCuratorDocument as never,
    input: async () => ({ workingGroupId: group(), personId: globalId('Person', (await newPerson(hub, 'Appointee')).id) }),
  },
  {
    mutation: 'removeCurator',
    allowed: curatorsAndAdmins,
    document: RemoveCuratorDocument as never,
    input: async () => {
      const person = await newPerson(hub, 'Curator');
      await sql(`insert into curator_appointment (id, working_group_id, person_id) values (gen_random_uuid(), ?, ?)`, [cast.groupKey, person.id]);
      return { workingGroupId: group(), personId: globalId('Person', person.id) };
    },
  },
  {
    mutation: 'joinWorkingGroup',
    allowed: ['admin'],
    document: JoinWorkingGroupDocument as never,
    input: async () => ({ workingGroupId: group(), organizationId: globalId('Organization', await newOrganization()) }),
  },
  {
    mutation: 'leaveWorkingGroup',
    allowed: ['admin'],
    document: LeaveWorkingGroupDocument as never,
    input: async () => {
      const organization = await newOrganization();
      await sql(`insert into membership (id, working_group_id, organization_id, joined_on) values (gen_random_uuid(), ?, ?, '2024-01-01')`, [cast.groupKey, organization]);
      return { workingGroupId: group(), organizationId: globalId('Organization', organization) };
    },
  },
  { mutation: 'updateMyProfile', allowed: signedIn, document: UpdateMyProfileDocument as never, input: async () => ({ expertise: 'Open contracting in local government.' }) },
  {
    mutation: 'createAccessToken',
    allowed: ['admin'],
    document: CreateAccessTokenDocument as never,
    input: async () => ({ personId: globalId('Person', (await newPerson(hub, 'Holder')).id), label: 'matrix' }),
  },
  {
    mutation: 'revokeAccessToken',
    allowed: ['admin'],
    document: RevokeAccessTokenDocument as never,
    input: async () => {
      const person = await newPerson(hub, 'Holder');
      await hub.tokenFor(person.email);
      const [token] = await sql(`select id from access_token where person_id = ?`, [person.id]);
      return { accessTokenId: globalId('AccessToken', token.id) };
    },
  },
];

describe('the authorization matrix', () => {
  for (const testCase of cases) {
    describe(testCase.mutation, () => {
      for (const role of ROLES) {
        const allowed = testCase.allowed.includes(role);
        it(`${allowed ? 'allows' : 'denies'} ${role}`, async () => {
          const input = await testCase.input();
          const before = allowed ? undefined : await databaseFingerprint(hub);
          const response: GraphQLResponse<Record<string, { userErrors: unknown[] }>> = await hub.graphql(testCase.document, { input }, { token: cast.tokens[role] });
          if (allowed) {
            expect(response.errors).toBeUndefined();
            expect(response.data![testCase.mutation].userErrors).toEqual([]);
          } else {
            expect(errorCodes(response)).toEqual([role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN']);
            expect(await databaseFingerprint(hub)).toEqual(before);
          }
        });
      }
    });
  }
});

describe('acting for one\'s own organisation', () => {
  it('lets a member join another group, and leave it, for their own organisation', async () => {
    const [{ slug }] = await sql(`
      select g.slug from working_group g join person p on p.id = ?
      where not exists (select 1 from membership m where m.working_group_id = g.id and m.organization_id = p.organization_id and m.left_on is null)
      order by g.slug limit 1`, [cast.people.memberOfAnotherGroup]);
    const [{ id: groupKey }] = await sql(`select id from working_group where slug = ?`, [slug]);
    const joined = await hub.graphql(JoinWorkingGroupDocument, { input: { workingGroupId: globalId('WorkingGroup', groupKey) } }, { token: cast.tokens.memberOfAnotherGroup });
    expect(joined.data!.joinWorkingGroup.userErrors).toEqual([]);
    const again = await hub.graphql(JoinWorkingGroupDocument, { input: { workingGroupId: globalId('WorkingGroup', groupKey) } }, { token: cast.tokens.memberOfAnotherGroup });
    expect(again.data!.joinWorkingGroup.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DONE', field: ['organizationId'] })]);
    const left = await hub.graphql(LeaveWorkingGroupDocument, { input: { workingGroupId: globalId('WorkingGroup', groupKey) } }, { token: cast.tokens.memberOfAnotherGroup });
    expect(left.data!.leaveWorkingGroup.userErrors).toEqual([]);
  });

  it('tells a person with no organisation to name one', async () => {
    const response = await hub.graphql(JoinWorkingGroupDocument, { input: { workingGroupId: group() } }, { token: cast.tokens.reformer });
    expect(response.data!.joinWorkingGroup.userErrors).toEqual([expect.objectContaining({ code: 'REQUIRED', field: ['organizationId'] })]);
  });
});
