import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../db/orm-options.js';
import { hubSchema } from './schema.js';
import { printHubSchema } from './print-schema.js';

/** Writes schema/schema.graphql: the public SDL partners read, committed and checked by a test. */
const target = path.join(projectRoot, 'schema', 'schema.graphql');
await writeFile(target, printHubSchema(await hubSchema()));
console.log(`wrote ${path.relative(process.cwd(), target)}`);
