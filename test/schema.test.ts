import { readFile } from 'node:fs/promises';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLSchema,
} from 'graphql';
import { hubSchema } from '../src/graphql/schema.js';
import { printHubSchema } from '../src/graphql/print-schema.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await hubSchema();
});

describe('the published schema', () => {
  it('matches schema/schema.graphql (run `npm run schema:emit` after changing the API)', async () => {
    const committed = await readFile(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    expect(printHubSchema(schema)).toBe(committed);
  });

  it('describes every type, field, argument, input field and enum value for partner developers', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description?.trim()) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
      } else if (isScalarType(type) && !type.description) {
        missing.push(type.name);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has one contact field, Person.email, documented as private (test/accounts.test.ts checks who sees it)', () => {
    const contactFields = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) || isInterfaceType(type))
      .flatMap((type) => Object.values((type as import('graphql').GraphQLObjectType).getFields()).map((field) => ({ type: type.name, field })))
      .filter(({ field }) => /e-?mail|phone/i.test(field.name));
    expect(contactFields.map(({ type, field }) => `${type}.${field.name}`)).toEqual(['Person.email']);
    expect(contactFields[0].field.description).toMatch(/^Contact e-mail\. Private:/);
  });

  it('uses graphql-scalars for dates, URLs, country codes and locales', () => {
    for (const name of ['DateTime', 'LocalDate', 'URL', 'CountryCode', 'Locale']) expect(schema.getType(name)).toBeDefined();
  });
});
