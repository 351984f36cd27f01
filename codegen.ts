import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the operations the tests send (test/operations/*.graphql),
 * generated against the committed schema: a test that asks for a field the
 * schema lacks, or reads one it did not ask for, fails to type-check.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  generates: {
    'test/generated/operations.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: {
          DateTime: 'string',
          LocalDate: 'string',
          Locale: 'string',
          CountryCode: 'string',
          URL: 'string',
        },
      },
    },
  },
};

export default config;
