import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayPrefix } from '../src/auth/tokens.js';
import { castRoles, type RoleCast } from './support/roles.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let hub: TestHub;
let cast: RoleCast;
beforeAll(async () => {
  hub = await startTestHub({ rateLimits: { anonymous: 50, signedIn: 50 } });
  cast = await castRoles(hub, 'open-data');
});
afterAll(() => hub.close());

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

const asAdmin = (query: string, variables: Record<string, unknown> = {}) => post({ query, variables }, { authorization: `Bearer ${cast.tokens.admin}` });

const CREATE = `mutation Create($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { key apiKey { id name prefix pointsPerHour persistedQueriesOnly revokedAt } userErrors { field code message } }
}`;

async function createKey(input: Record<string, unknown>): Promise<{ key: string; id: string }> {
  const { body } = await asAdmin(CREATE, { input });
  expect(body.data!.createApiKey.userErrors).toEqual([]);
  return { key: body.data!.createApiKey.key, id: body.data!.createApiKey.apiKey.id };
}

const GROUPS = 'query Groups { workingGroups { totalCount } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('partner API keys', () => {
  it('are issued by admins only, shown once, and listed without the key', async () => {
    const { body } = await asAdmin(CREATE, { input: { name: 'OGP website', pointsPerHour: 7 } });
    const created = body.data!.createApiKey;
    expect(created.key).toMatch(/^ogh_pk_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({ name: 'OGP website', pointsPerHour: 7, persistedQueriesOnly: false, revokedAt: null });
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    const listed = await asAdmin('{ apiKeys { name prefix } }');
    expect(listed.body.data!.apiKeys).toContainEqual({ name: 'OGP website', prefix: created.apiKey.prefix });
    expect(JSON.stringify(listed.body)).not.toContain(created.key);

    for (const token of [undefined, cast.tokens.curatorOfThisGroup]) {
      const refused = await post({ query: CREATE, variables: { input: { name: 'Sneaky' } } }, token ? { authorization: `Bearer ${token}` } : {});
      expect(refused.body.errors?.[0].extensions?.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    const invalid = await asAdmin(CREATE, { input: { name: ' ', pointsPerHour: 0 } });
    expect(invalid.body.data!.createApiKey.userErrors.map((error: { field: string[] }) => error.field)).toEqual([['name'], ['pointsPerHour']]);
  });

  it('read with their own budget, and never write', async () => {
    const { key } = await createKey({ name: 'Budget partner', pointsPerHour: 3 });
    const first = await post({ query: `{ rateLimit { limit used } workingGroups { totalCount } }` }, { 'x-api-key': key });
    expect(first.body.data!.rateLimit).toEqual({ limit: 3, used: 1 });
    expect(first.body.data!.workingGroups.totalCount).toBe(5);
    const write = await post({ query: 'mutation { updateMyProfile(input: { title: "x" }) { userErrors { code } } }' }, { 'x-api-key': key });
    expect(write.status).toBe(403);
    expect(write.body.errors![0].extensions?.code).toBe('FORBIDDEN');
    await post({ query: GROUPS }, { 'x-api-key': key });
    const spent = await post({ query: GROUPS }, { 'x-api-key': key });
    expect(spent.status).toBe(429);
    // Without the key, the address's own budget applies, and it is not spent.
    expect((await post({ query: '{ rateLimit { limit remaining } }' })).body.data!.rateLimit).toEqual({ limit: 50, remaining: expect.any(Number) });
  });

  it('are refused when unknown or revoked (at once, cached or not), or sent with a token', async () => {
    const { key, id } = await createKey({ name: 'Short-lived' });
    expect((await post({ query: GROUPS }, { 'x-api-key': key })).status).toBe(200);
    const revoked = await asAdmin('mutation R($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { revokedAt } userErrors { code } } }', { input: { apiKeyId: id } });
    expect(revoked.body.data!.revokeApiKey.apiKey.revokedAt).not.toBeNull();
    for (const sent of [key, 'ogh_pk_not-a-key']) {
      const refused = await post({ query: GROUPS }, { 'x-api-key': sent });
      expect([refused.status, refused.body.errors?.[0].extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const both = await post({ query: GROUPS }, { 'x-api-key': key, authorization: `Bearer ${cast.tokens.reformer}` });
    expect([both.status, both.body.errors?.[0].extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
  });
});

describe('display prefixes', () => {
  it('show the kind of an API key, and never read one into an access token whose random part looks like it', () => {
    expect(displayPrefix('ogh_pk_AbCdEfGhIj', 'pk')).toBe('ogh_pk_AbCdEf');
    expect(displayPrefix('ogh_y_5fK3f3AbCd')).toBe('ogh_y_5fK3');
    expect(displayPrefix('ogh_pk_AbCdEfGhIj')).toBe('ogh_pk_AbC');
  });
});

describe('persisted queries', () => {
  it('run automatically: a document is sent once with its hash, then by its hash alone', async () => {
    const query = '{ workingGroups { nodes { slug } } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const unknown = await post({ extensions });
    expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post({ query, extensions })).body.data!.workingGroups.nodes).toHaveLength(5);
    expect((await post({ extensions })).body.data!.workingGroups.nodes).toHaveLength(5);
  });

  it('are an allow-list for a key that asks for it: registered operations run, whole or by hash; nothing else does', async () => {
    const { key, id } = await createKey({ name: 'Locked-down portal', persistedQueriesOnly: true });
    const registered = 'query Registered { workingGroups { nodes { name } } }';
    const register = await asAdmin(
      'mutation Reg($input: RegisterPersistedOperationInput!) { registerPersistedOperation(input: $input) { sha256 apiKey { persistedOperations { sha256 } } userErrors { code } } }',
      { input: { apiKeyId: id, document: registered } },
    );
    expect(register.body.errors).toBeUndefined();
    expect(register.body.data!.registerPersistedOperation.sha256).toBe(sha256(registered));
    expect(register.body.data!.registerPersistedOperation.apiKey.persistedOperations).toEqual([{ sha256: sha256(registered) }]);

    const whole = await post({ query: registered }, { 'x-api-key': key });
    expect(whole.body.data!.workingGroups.nodes).toHaveLength(5);
    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(registered) } } }, { 'x-api-key': key });
    expect(byHash.body.data!.workingGroups.nodes).toHaveLength(5);
    const byGet = await fetch(`${hub.url}?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(registered) } }))}`, {
      headers: { 'x-api-key': key, 'apollo-require-preflight': 'true' },
    });
    expect(((await byGet.json()) as { data: { workingGroups: { nodes: unknown[] } } }).data.workingGroups.nodes).toHaveLength(5);

    const other = await post({ query: GROUPS }, { 'x-api-key': key });
    expect([other.status, other.body.errors?.[0].extensions?.code]).toEqual([403, 'PERSISTED_QUERY_NOT_ALLOWED']);
    // The same question without the key is anyone's (and the answer the key got may be cached): still refused.
    await post({ query: GROUPS });
    expect((await post({ query: GROUPS }, { 'x-api-key': key })).status).toBe(403);

    const broken = await asAdmin('mutation Reg($input: RegisterPersistedOperationInput!) { registerPersistedOperation(input: $input) { userErrors { field code } } }', {
      input: { apiKeyId: id, document: '{ not valid' },
    });
    expect(broken.body.data!.registerPersistedOperation.userErrors).toEqual([{ field: ['document'], code: 'INVALID' }]);
  });
});

describe('npm run hub -- apikey', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const cli = (...args: string[]) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'cli.js'), 'apikey', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: hub.databaseUrl } });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => resolve({ code, output }));
    });

  it('creates, lists and revokes keys', async () => {
    const created = await cli('create', '--name', 'CLI partner', '--points', '123');
    expect(created.code).toBe(0);
    const key = /(ogh_pk_\S+)/.exec(created.output)![1];
    expect((await post({ query: '{ rateLimit { limit } }' }, { 'x-api-key': key })).body.data!.rateLimit).toEqual({ limit: 123 });
    const prefix = key.slice(0, 'ogh_pk_'.length + 6);
    expect((await cli('list')).output).toMatch(new RegExp(`${prefix}….*"CLI partner".*123 points/hour.*active`));
    expect((await cli('revoke', prefix)).code).toBe(0);
    await hub.changes.caughtUp();
    expect((await post({ query: GROUPS }, { 'x-api-key': key })).status).toBe(401);
    expect((await cli('revoke', prefix)).code).not.toBe(0);
  }, 60_000);
});
