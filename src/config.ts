import path from 'node:path';
import { z } from 'zod';
import type { RateLimitBudgets } from './ratelimits/rate-limits.js';

/** Memory for whole responses to anonymous queries, per instance (RESPONSE_CACHE_MB). */
export const DEFAULT_RESPONSE_CACHE_MB = 64;

/** Points per hour (see RateLimits): anonymous callers by address, signed-in ones by token. */
export const DEFAULT_RATE_LIMITS: RateLimitBudgets = { anonymous: 1_000, signedIn: 5_000 };

/**
 * Every environment variable the hub reads, parsed and validated in one
 * place. A wrong value stops start-up with a message naming the variable.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  HUB_DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(1000).optional(),
  HUB_SEED: z.enum(['if-empty', 'never']).default('if-empty'),
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  CORS_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/ }).regex(/^https?:\/\/[^/]+$/, 'must be an origin: scheme and host, no path')])))
    .default([]),
  RATE_LIMIT_ANONYMOUS: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.anonymous),
  RATE_LIMIT_SIGNED_IN: z.coerce.number().int().min(0).default(DEFAULT_RATE_LIMITS.signedIn),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  RESPONSE_CACHE_MB: z.coerce.number().int().min(0).max(65536).default(DEFAULT_RESPONSE_CACHE_MB),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** An external PostgreSQL server; when absent the hub runs an embedded one. */
  databaseUrl?: string;
  /** Where the embedded PostgreSQL keeps its data between runs. */
  embeddedDataDir: string;
  embeddedPort: number;
  poolMax: number;
  /** GraphQL HTTP requests executed at once; later ones wait their turn. The database pool's size when absent. */
  maxConcurrentRequests?: number;
  seed: 'if-empty' | 'never';
  /** Redis for cross-instance event wake-ups; PostgreSQL LISTEN/NOTIFY when absent. */
  redisUrl?: string;
  /** Memory for the shared cache of anonymous query responses, per instance; 0 turns it off. */
  responseCacheMb: number;
  /** Points per hour; false when both variables are 0 (no rate limits). */
  rateLimits: RateLimitBudgets | false;
  /** How many proxies of your own stand in front of the hub; their X-Forwarded-For entries name the client. */
  trustedProxies: number;
  /** Web origins whose pages may call the API from a browser (CORS); `*` for any. */
  corsOrigins: string[];
  /** The least severe log lines written (pino levels). */
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration from `env`; throws a ConfigError listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(nonEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const [variable, entry] = issue.path;
      return `  ${String(variable)}: ${typeof entry === 'number' ? `entry ${entry + 1}: ` : ''}${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const vars = parsed.data;
  return {
    env: vars.NODE_ENV,
    host: vars.HOST,
    port: vars.PORT,
    databaseUrl: vars.DATABASE_URL,
    embeddedDataDir: path.resolve(vars.HUB_DATA_DIR, 'postgres'),
    embeddedPort: vars.EMBEDDED_PG_PORT,
    poolMax: vars.DB_POOL_MAX,
    maxConcurrentRequests: vars.MAX_CONCURRENT_REQUESTS,
    seed: vars.HUB_SEED,
    redisUrl: vars.REDIS_URL,
    responseCacheMb: vars.RESPONSE_CACHE_MB,
    logLevel: vars.LOG_LEVEL,
    corsOrigins: vars.CORS_ORIGINS,
    trustedProxies: vars.TRUSTED_PROXIES,
    rateLimits: vars.RATE_LIMIT_ANONYMOUS === 0 && vars.RATE_LIMIT_SIGNED_IN === 0 ? false : { anonymous: vars.RATE_LIMIT_ANONYMOUS, signedIn: vars.RATE_LIMIT_SIGNED_IN },
  };
}

/** Treats `VAR=` like an unset variable, as shells and .env files commonly produce it. */
function nonEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]));
}
