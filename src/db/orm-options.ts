import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig } from '@mikro-orm/postgresql';
import { announcesChanges } from '../events/committed-changes.js';
import { entities } from './entities.js';
import { PreparingClient } from './prepared-statements.js';

/** True when this module runs as TypeScript source (tests), false when compiled into dist/ (npm start). */
const runningFromSource = import.meta.url.endsWith('.ts');

/** The repository root: src/db/ → ../.., dist/src/db/ → ../../.. */
export const projectRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  ...(runningFromSource ? ['..', '..'] : ['..', '..', '..']),
);

export interface OrmOptionsInput {
  clientUrl: string;
  poolMax?: number;
}

/**
 * Session settings of every connection, sent when it opens (no extra round
 * trip). A search over a topic-wide result set materialises its matches and
 * counts their facets: with PostgreSQL's default 4MB it spills to disk and its
 * index bitmap turns lossy (every page rechecked). 64MB per sort or hash is ample.
 */
export const SESSION_OPTIONS = '-c work_mem=64MB';

/** MikroORM settings shared by the server, the CLI and the tests. */
export function ormOptions({ clientUrl, poolMax = 10 }: OrmOptionsInput) {
  return defineConfig({
    clientUrl,
    entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    // Every table announces its committed writes (for the response cache).
    discovery: { warnWhenNoEntities: true, onMetadata: announcesChanges },
    pool: { min: 0, max: poolMax },
    // PreparingClient runs the loaders' statements as prepared statements (see prepared-statements.ts).
    driverOptions: { options: SESSION_OPTIONS, Client: PreparingClient },
    baseDir: projectRoot,
    preferTs: runningFromSource,
    migrations: {
      path: path.join(projectRoot, 'dist', 'migrations'),
      pathTs: path.join(projectRoot, 'migrations'),
      emit: 'ts',
      // Diff against the migrated database itself, never a stale snapshot file.
      snapshot: false,
      silent: true,
      transactional: true,
      allOrNothing: true,
      disableForeignKeys: false,
    },
    schemaGenerator: {
      // The search index's SQL functions are written by hand in their
      // migration (MikroORM declares tables, indexes and triggers, not
      // text-search functions); the schema diff leaves functions alone.
      ignoreRoutines: true,
    },
    // Dates stay ISO strings (yyyy-mm-dd) so they round-trip without time zones.
    forceUtcTimezone: true,
  });
}
