/**
 * The physical limit the hub is measured against: a minimal HTTP handler
 * that answers the group-page request (partner-operations.ts, GROUP_PAGE)
 * with ONE hand-written, prepared SQL statement that builds the whole
 * response in PostgreSQL (JSON aggregation), sent as it comes. No GraphQL,
 * no resolvers, no batching: what is left is Node's HTTP server, the pg
 * driver and PostgreSQL. The benchmark checks its answer equals the hub's.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/** A global ID as the hub issues them: base64url of `Type:key`, unpadded. */
const globalId = (type: string, key: string) => `rtrim(translate(encode(convert_to('${type}:' || ${key}, 'utf8'), 'base64'), '+/', '-_'), '=')`;

const country = (code: string) => `(select json_build_object('code', c.code, 'name', c.name) from country c where c.code = ${code})`;

const anchor = (sector: string) => `(
  select json_build_object('since', a.starts_on::text, 'organization', json_build_object('id', ${globalId('Organization', 'o.id')}, 'name', o.name, 'country', ${country('o.country_code')}))
  from anchorship a join organization o on o.id = a.organization_id
  where a.working_group_id = g.id and a.sector = '${sector}' and a.ends_on is null)`;

/** The group page, as one statement; $1 is the group's slug. Same orders and limits as the API's defaults. */
export const GROUP_PAGE_SQL = `
select json_build_object('data', json_build_object('workingGroup', (
  select json_build_object(
    'id', ${globalId('WorkingGroup', 'g.id')},
    'slug', g.slug,
    'name', g.name,
    'governmentAnchor', ${anchor('government')},
    'civilSocietyAnchor', ${anchor('civil_society')},
    'members', json_build_object(
      'totalCount', (select count(*) from membership m where m.working_group_id = g.id and m.left_on is null),
      'edges', coalesce((
        select json_agg(json_build_object('joinedOn', page.joined_on::text, 'node', json_build_object(
          'id', ${globalId('Organization', 'page.id')}, 'name', page.name, 'kind', upper(page.kind), 'country', ${country('page.country_code')}))
          order by page.name, page.id)
        from (
          select o.id, o.name, o.kind, o.country_code, m.joined_on
          from membership m join organization o on o.id = m.organization_id
          where m.working_group_id = g.id and m.left_on is null
          order by o.name, o.id limit 50
        ) page), '[]')),
    'resources', json_build_object(
      'edges', coalesce((
        select json_agg(json_build_object('featured', page.featured, 'position', page.position, 'node', json_build_object(
          'id', ${globalId('Resource', 'page.id')}, 'title', page.title, 'language', page.language, 'kind', upper(page.kind),
          'publishedOn', page.published_on::text,
          'topics', coalesce((select json_agg(json_build_object('slug', t.slug, 'name', t.name) order by t.name, t.id)
            from resource_topic rt join topic t on t.id = rt.topic_id where rt.resource_id = page.id), '[]')))
          order by page.featured desc, page.position, page.published_on desc, page.id desc)
        from (
          select r.id, r.title, r.language, r.kind, r.published_on, gr.featured, gr.position
          from group_resource gr join resource r on r.id = gr.resource_id
          where gr.working_group_id = g.id and r.status = 'published'
          order by gr.featured desc, gr.position, r.published_on desc, r.id desc limit 20
        ) page), '[]')),
    'webinars', json_build_object(
      'nodes', coalesce((
        select json_agg(json_build_object('id', ${globalId('Webinar', 'page.id')}, 'title', page.title,
          'startsAt', to_char(page.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'timeZone', page.time_zone, 'language', page.language) order by page.starts_at, page.id)
        from (
          select w.id, w.title, w.starts_at, w.time_zone, w.language
          from webinar w
          where w.working_group_id = g.id and w.starts_at > now() - interval '1 day'
            and w.starts_at + make_interval(mins => w.duration_minutes) > now()
          order by w.starts_at, w.id limit 5
        ) page), '[]')))
  from working_group g where g.slug = $1)))::text as body`;

export interface RawServer {
  url: string;
  close(): Promise<void>;
}

/** Serves POST /graphql bodies `{ variables: { slug } }` with GROUP_PAGE_SQL, prepared, on a pool of `poolMax`. */
export async function startRawGroupPageServer(connectionString: string, poolMax: number, port = 0): Promise<RawServer> {
  const pool = new pg.Pool({ connectionString, max: poolMax });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let slug: string;
      try {
        slug = JSON.parse(Buffer.concat(chunks).toString('utf8')).variables.slug;
      } catch {
        res.writeHead(400).end();
        return;
      }
      pool.query<{ body: string }>({ name: 'group-page', text: GROUP_PAGE_SQL, values: [slug] }).then(
        (result) => {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          res.end(result.rows[0].body);
        },
        (error: Error) => {
          res.writeHead(500).end(error.message);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
