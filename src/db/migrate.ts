import type { MikroORM } from '@mikro-orm/postgresql';

/** Applies every pending migration, in one transaction. */
export async function migrateToLatest(orm: MikroORM, log: (line: string) => void = () => {}): Promise<void> {
  const applied = await orm.migrator.up();
  for (const migration of applied) log(`applied migration ${migration.name}`);
}

/**
 * True when the entities describe a schema the migrations do not produce:
 * someone changed an entity without generating a migration.
 */
export async function schemaDriftsFromMigrations(orm: MikroORM): Promise<string[]> {
  const diff = await orm.schema.getUpdateSchemaMigrationSQL({ wrap: false });
  return diff.up.split('\n').map((line) => line.trim()).filter(Boolean);
}
