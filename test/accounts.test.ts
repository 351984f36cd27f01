import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateAccessTokenDocument,
  GroupActivityDocument,
  GroupParticipantContactsDocument,
  GroupPermissionsDocument,
  PeopleContactsDocument,
  PersonContactDocument,
  RevokeAccessTokenDocument,
  SubmitResourceDocument,
  UpdateMyProfileDocument,
  ViewerDocument,
} from './generated/operations.js';
import { databaseFingerprint } from './support/fingerprint.js';
import { castRoles, globalId, newPerson, type RoleCast } from './support/roles.js';
import { dataOf, errorCodes, startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
let cast: RoleCast;
beforeAll(async () => {
  hub = await startTestHub();
  cast = await castRoles(hub, 'open-data');
});
afterAll(() => hub.close());

const sql = (query: string, params: unknown[] = []) => hub.sql(query, params);

describe('viewer', () => {
  it('is null for anonymous requests', async () => {
    expect(dataOf(await hub.graphql(ViewerDocument, {})).viewer).toBeNull();
  });

  it('names the signed-in person, their groups and what they may do in each', async () => {
    const { viewer } = dataOf(await hub.graphql(ViewerDocument, {}, { token: cast.tokens.curatorOfThisGroup }));
    expect(viewer!.person.id).toBe(globalId('Person', cast.people.curatorOfThisGroup));
    expect(viewer!.person.email).toMatch(/@example\.org$/);
    expect(viewer!.isAdmin).toBe(false);
    expect(viewer!.workingGroups.find((entry) => entry.workingGroup.slug === 'open-data')).toMatchObject({
      isCurator: true,
      isAnchorLead: true,
      viewerCanCurate: true,
      viewerCanAppointCurators: true,
    });
    const member = dataOf(await hub.graphql(ViewerDocument, {}, { token: cast.tokens.memberOfAnotherGroup })).viewer!;
    expect(member.workingGroups.length).toBeGreaterThan(0);
    expect(member.workingGroups.every((entry) => entry.isMember && !entry.isCurator && !entry.viewerCanCurate)).toBe(true);
    expect(member.workingGroups.map((entry) => entry.workingGroup.slug)).not.toContain('open-data');
  });

  it('answers viewerCan… from the same rules the mutations enforce', async () => {
    const expectations: [keyof RoleCast['tokens'], boolean, boolean, boolean][] = [
      ['anonymous', false, false, false],
      ['reformer', false, false, false],
      ['curatorOfAnotherGroup', false, false, false],
      ['curatorOfThisGroup', true, true, false],
      ['admin', true, true, true],
    ];
    for (const [role, curate, appoint, setAnchor] of expectations) {
      const { workingGroup } = dataOf(await hub.graphql(GroupPermissionsDocument, { slug: 'open-data' }, { token: cast.tokens[role] }));
      expect({ role, curate: workingGroup!.viewerCanCurate, appoint: workingGroup!.viewerCanAppointCurators, setAnchor: workingGroup!.viewerCanSetAnchor }).toEqual({ role, curate, appoint, setAnchor });
      expect(workingGroup!.viewerCanSubmitResources).toBe(role !== 'anonymous');
    }
  });
});

describe('contact e-mails', () => {
  it('are seen by the person, by curators of a group they take part in, and by admins, and by nobody else', async () => {
    const [participant] = await sql(`
      select p.id, p.email from person p join membership m on m.organization_id = p.organization_id and m.left_on is null
      where m.working_group_id = ? and p.id <> ? and not exists (
        select 1 from membership other where other.organization_id = p.organization_id and other.left_on is null
          and other.working_group_id in (select working_group_id from anchorship where lead_contact_id = ? and ends_on is null))
      order by p.email limit 1`, [cast.groupKey, cast.people.curatorOfThisGroup, cast.people.curatorOfAnotherGroup]);
    const id = globalId('Person', participant.id);
    const selfToken = await hub.tokenFor(participant.email);
    const seenBy = async (token?: string) => {
      const node = dataOf(await hub.graphql(PersonContactDocument, { id }, { token })).node as { email: string | null };
      return node.email;
    };
    expect(await seenBy(selfToken)).toBe(participant.email);
    expect(await seenBy(cast.tokens.curatorOfThisGroup)).toBe(participant.email);
    expect(await seenBy(cast.tokens.admin)).toBe(participant.email);
    expect(await seenBy(undefined)).toBeNull();
    expect(await seenBy(cast.tokens.reformer)).toBeNull();
    expect(await seenBy(cast.tokens.curatorOfAnotherGroup)).toBeNull();
    expect(await seenBy(cast.tokens.memberOfAnotherGroup)).toBeNull();
  });

  it('stay hidden in nested lists and in nodes(ids:) for unrelated viewers', async () => {
    for (const token of [undefined, cast.tokens.reformer, cast.tokens.curatorOfAnotherGroup]) {
      const response = await hub.graphql(GroupParticipantContactsDocument, { slug: 'open-data' }, { token });
      expect(JSON.stringify(response)).not.toMatch(/@example\.org/);
    }
    const visible = dataOf(await hub.graphql(GroupParticipantContactsDocument, { slug: 'open-data' }, { token: cast.tokens.curatorOfThisGroup }));
    expect(visible.workingGroup!.participants.nodes.every((person) => person.email?.endsWith('@example.org'))).toBe(true);
  });
});

describe('the activity trail', () => {
  it('records curation actions and is readable by the group\'s curators and admins only', async () => {
    const submitted = dataOf(
      await hub.graphql(
        SubmitResourceDocument,
        { input: { workingGroupId: globalId('WorkingGroup', cast.groupKey), title: 'Trail test', summary: 'x', url: 'https://example.org/trail', kind: 'GUIDE', language: 'en', publishedOn: '2026-01-01' } },
        { token: cast.tokens.reformer },
      ),
    ).submitResource.resource!;
    const { workingGroup } = dataOf(await hub.graphql(GroupActivityDocument, { slug: 'open-data', first: 5 }, { token: cast.tokens.curatorOfThisGroup }));
    expect(workingGroup!.activity!.nodes[0]).toMatchObject({ action: 'resource.submitted', subjectType: 'Resource', subjectId: submitted.id, summary: { title: 'Trail test', status: 'submitted' } });
    expect(workingGroup!.activity!.nodes[0].actor!.name).toMatch(/^Reformer/);
    expect(dataOf(await hub.graphql(GroupActivityDocument, { slug: 'open-data', first: 5 }, { token: cast.tokens.admin })).workingGroup!.activity!.totalCount).toBe(workingGroup!.activity!.totalCount);
    for (const [role, code] of [['anonymous', 'UNAUTHENTICATED'], ['reformer', 'FORBIDDEN'], ['curatorOfAnotherGroup', 'FORBIDDEN'], ['memberOfAnotherGroup', 'FORBIDDEN']] as const) {
      const response = await hub.graphql(GroupActivityDocument, { slug: 'open-data', first: 5 }, { token: cast.tokens[role] });
      expect({ role, codes: errorCodes(response) }).toEqual({ role, codes: [code] });
      expect(response.data!.workingGroup!.activity).toBeNull();
    }
  });
});

describe('updateMyProfile', () => {
  it('changes the signed-in person\'s own profile and replaces their topics', async () => {
    const person = await newPerson(hub, 'Profile');
    const token = await hub.tokenFor(person.email);
    const { updateMyProfile } = dataOf(
      await hub.graphql(UpdateMyProfileDocument, { input: { title: 'Budget analyst', expertise: 'Citizen budgets.', topics: ['budget-transparency'], languages: ['en', 'es'], openToPeerExchange: true } }, { token }),
    );
    expect(updateMyProfile.userErrors).toEqual([]);
    expect(updateMyProfile.person).toMatchObject({ title: 'Budget analyst', expertise: 'Citizen budgets.', languages: ['en', 'es'], openToPeerExchange: true, topics: [{ slug: 'budget-transparency' }] });
  });

  it('refuses bad languages and unknown topics with their paths, writing nothing', async () => {
    const person = await newPerson(hub, 'Profile');
    const token = await hub.tokenFor(person.email);
    const { updateMyProfile } = dataOf(await hub.graphql(UpdateMyProfileDocument, { input: { languages: ['en', 'Klingon!'], expertise: 'x'.repeat(20001) } }, { token }));
    expect(updateMyProfile.userErrors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: ['languages', '1'], code: 'INVALID' }), expect.objectContaining({ field: ['expertise'], code: 'TOO_LONG' })]),
    );
    const topics = dataOf(await hub.graphql(UpdateMyProfileDocument, { input: { topics: ['nope'], title: 'Changed' } }, { token })).updateMyProfile;
    expect(topics.userErrors).toEqual([expect.objectContaining({ field: ['topics', '0'], code: 'NOT_FOUND' })]);
    const [row] = await sql(`select title from person where id = ?`, [person.id]);
    expect(row.title).toBeNull();
  });
});

describe('access tokens', () => {
  it('are issued by admins through the API, work at once, and stop working when revoked', async () => {
    const person = await newPerson(hub, 'Holder');
    const created = dataOf(await hub.graphql(CreateAccessTokenDocument, { input: { personId: globalId('Person', person.id), label: 'partner sync' } }, { token: cast.tokens.admin })).createAccessToken;
    expect(created.token).toMatch(/^ogh_[A-Za-z0-9_-]{43}$/);
    expect(created.accessToken).toMatchObject({ label: 'partner sync', revokedAt: null, person: { id: globalId('Person', person.id) } });
    expect(created.token!.startsWith(created.accessToken!.prefix)).toBe(true);
    const [stored] = await sql(`select token_hash from access_token where person_id = ?`, [person.id]);
    expect(stored.token_hash).not.toContain(created.token!.slice(4));
    expect(dataOf(await hub.graphql(ViewerDocument, {}, { token: created.token! })).viewer!.person.id).toBe(globalId('Person', person.id));

    const revoked = dataOf(await hub.graphql(RevokeAccessTokenDocument, { input: { accessTokenId: created.accessToken!.id } }, { token: cast.tokens.admin })).revokeAccessToken;
    expect(revoked.accessToken!.revokedAt).toEqual(expect.any(String));
    const after = await hub.graphql(ViewerDocument, {}, { token: created.token! });
    expect(after.status).toBe(401);
    expect(errorCodes(after)).toEqual(['UNAUTHENTICATED']);
    const twice = dataOf(await hub.graphql(RevokeAccessTokenDocument, { input: { accessTokenId: created.accessToken!.id } }, { token: cast.tokens.admin })).revokeAccessToken;
    expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DONE' })]);
  });

  it('refuse a malformed Authorization header', async () => {
    const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic abc' }, body: JSON.stringify({ query: '{ viewer { isAdmin } }' }) });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('are created, listed and revoked from the command line', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const cli = (...args: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'cli.js'), 'token', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: hub.databaseUrl } });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('exit', (code) => resolve({ code, output }));
      });
    const person = await newPerson(hub, 'Cli');
    const created = await cli('create', '--email', person.email, '--label', 'laptop', '--admin');
    expect(created.code).toBe(0);
    const token = created.output.match(/ogh_[A-Za-z0-9_-]{43}/)![0];
    expect(dataOf(await hub.graphql(ViewerDocument, {}, { token })).viewer).toMatchObject({ isAdmin: true, person: { id: globalId('Person', person.id) } });
    const listed = await cli('list');
    expect(listed.output).toContain(`${token.slice(0, 10)}…  ${person.email} (admin)  "laptop"`);
    expect(listed.output).not.toContain(token);
    expect((await cli('revoke', token.slice(0, 10))).code).toBe(0);
    expect((await hub.graphql(ViewerDocument, {}, { token })).status).toBe(401);
    const unknown = await cli('create', '--email', 'nobody@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/No person has the e-mail nobody@example.org/);
  }, 30_000);
});

describe('contact e-mails through nodes(ids:)', () => {
  it('show only the ones the viewer may see', async () => {
    const other = await newPerson(hub, 'Other');
    const ids = [globalId('Person', cast.people.reformer), globalId('Person', other.id)];
    const seen = dataOf(await hub.graphql(PeopleContactsDocument, { ids }, { token: cast.tokens.reformer })).nodes as { email: string | null }[];
    expect(seen.map((node) => node.email)).toEqual([expect.stringMatching(/@example\.org$/), null]);
    const anonymous = dataOf(await hub.graphql(PeopleContactsDocument, { ids })).nodes as { email: string | null }[];
    expect(anonymous.map((node) => node.email)).toEqual([null, null]);
  });
});

describe('a mutation that fails after it started writing', () => {
  it('leaves no half-written rows: the whole transaction rolls back', async () => {
    // Make the trail, the last write of every mutation, fail inside the database.
    await sql(`create function refuse_activity() returns trigger language plpgsql as $$ begin raise exception 'trail unavailable'; end $$`);
    await sql(`create trigger refuse_activity before insert on activity for each row execute function refuse_activity()`);
    try {
      const before = await databaseFingerprint(hub);
      const response = await hub.graphql(
        SubmitResourceDocument,
        { input: { workingGroupId: globalId('WorkingGroup', cast.groupKey), title: 'Half written?', summary: 'x', url: 'https://example.org/half', kind: 'GUIDE', language: 'en', publishedOn: '2026-01-01', topics: ['budget-transparency'] } },
        { token: cast.tokens.reformer },
      );
      expect(errorCodes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(response)).not.toMatch(/trail unavailable|insert into/i);
      expect(await databaseFingerprint(hub)).toEqual(before);
    } finally {
      await sql(`drop trigger refuse_activity on activity`);
      await sql(`drop function refuse_activity()`);
    }
    const next = await hub.graphql(ViewerDocument, {}, { token: cast.tokens.reformer });
    expect(next.status).toBe(200);
  });
});
