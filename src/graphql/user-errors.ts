import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { z } from 'zod';

/** Why an input was refused; stable, so partner code can branch on it. */
export enum UserErrorCode {
  REQUIRED = 'REQUIRED',
  INVALID = 'INVALID',
  TOO_SHORT = 'TOO_SHORT',
  TOO_LONG = 'TOO_LONG',
  NOT_FOUND = 'NOT_FOUND',
  IN_THE_PAST = 'IN_THE_PAST',
  ALREADY_DONE = 'ALREADY_DONE',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  NOT_ALLOWED_FOR_SELF = 'NOT_ALLOWED_FOR_SELF',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation refused its input. Nothing was written when a mutation returns user errors.',
  valuesConfig: {
    REQUIRED: { description: 'A required value is missing or empty.' },
    INVALID: { description: 'The value is malformed (e.g. not an http(s) URL, an unknown language tag).' },
    TOO_SHORT: { description: 'The value is shorter than allowed.' },
    TOO_LONG: { description: 'The value is longer than allowed.' },
    NOT_FOUND: { description: 'The input refers to an object that does not exist (or that you cannot see).' },
    IN_THE_PAST: { description: 'The date or time must not be in the past.' },
    ALREADY_DONE: { description: 'The change was already made (e.g. the organisation is already a member).' },
    INVALID_TRANSITION: { description: 'The object is not in a state that allows this change (e.g. completing a request that was never matched).' },
    NOT_ALLOWED_FOR_SELF: { description: 'You cannot do this to yourself (e.g. offer help on your own request).' },
  },
});

@ObjectType({ description: 'A problem with a mutation\'s input that the user can fix. Nothing was written.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path of the offending input field, from `input` (e.g. `["url"]`, `["topics", "2"]`); null when the problem is not one field\'s.' })
  field!: string[] | null;

  @Field({ description: 'What is wrong, in a sentence for the user.' })
  message!: string;

  @Field(() => UserErrorCode, { description: 'Stable code of the problem.' })
  code!: UserErrorCode;
}

/**
 * Base of every mutation payload: the user errors, empty on success. Each
 * payload adds the objects the mutation changed.
 */
@ObjectType()
export abstract class MutationPayload {
  @Field(() => [UserError], { description: 'Problems with the input; empty on success. Nothing was written when there are any.' })
  userErrors!: UserError[];
}

export function userError(field: string[] | null, code: UserErrorCode, message: string): UserError {
  return { field, code, message };
}

/**
 * Thrown inside a mutation to refuse it: the transaction rolls back and the
 * payload carries the errors. Collect them all before throwing, so users fix
 * every field in one go.
 */
export class UserErrors extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((error) => error.message).join(' '));
  }
}

/** Parses a mutation input with its zod schema; refuses it with one user error per problem. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new UserErrors(
    parsed.error.issues.map((issue) =>
      userError(issue.path.length ? issue.path.map(String) : null, codeOf(issue), issue.message),
    ),
  );
}

function codeOf(issue: z.core.$ZodIssue): UserErrorCode {
  const declared = (issue as { params?: { code?: UserErrorCode } }).params?.code;
  if (declared) return declared;
  if (issue.code === 'too_big') return UserErrorCode.TOO_LONG;
  if (issue.code === 'too_small') return (issue as { minimum?: unknown }).minimum === 1 ? UserErrorCode.REQUIRED : UserErrorCode.TOO_SHORT;
  if (issue.code === 'invalid_type' && issue.input === undefined) return UserErrorCode.REQUIRED;
  return UserErrorCode.INVALID;
}

/**
 * Runs a mutation's work and shapes its outcome: the payload on success, or
 * `{ userErrors }` when the work refused its input. Authorization errors and
 * bugs propagate as GraphQL errors.
 */
export async function mutation<TPayload extends object>(work: () => Promise<TPayload>): Promise<TPayload & { userErrors: UserError[] }> {
  try {
    return { ...(await work()), userErrors: [] };
  } catch (error) {
    if (error instanceof UserErrors) return { userErrors: error.errors } as TPayload & { userErrors: UserError[] };
    throw error;
  }
}
