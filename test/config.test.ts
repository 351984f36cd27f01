import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', host: '0.0.0.0', port: 4000, embeddedPort: 54329, poolMax: 10, seed: 'if-empty' });
    expect(config.databaseUrl).toBeUndefined();
    // Unset: the server takes turns by its database pool's size.
    expect(config.maxConcurrentRequests).toBeUndefined();
    expect(config.embeddedDataDir).toBe(path.resolve('.data', 'postgres'));
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '8080',
      DATABASE_URL: 'postgres://hub@db.internal:5432/hub',
      HUB_DATA_DIR: '/var/lib/hub',
      EMBEDDED_PG_PORT: '5500',
      DB_POOL_MAX: '20',
      MAX_CONCURRENT_REQUESTS: '16',
      HUB_SEED: 'never',
      REDIS_URL: 'redis://cache.internal:6379',
      RESPONSE_CACHE_MB: '0',
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: 'https://www.opengovpartnership.org, http://localhost:3000',
      RATE_LIMIT_ANONYMOUS: '60',
      RATE_LIMIT_SIGNED_IN: '600',
      TRUSTED_PROXIES: '1',
    });
    expect(config).toEqual({
      env: 'production',
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: 'postgres://hub@db.internal:5432/hub',
      embeddedDataDir: '/var/lib/hub/postgres',
      embeddedPort: 5500,
      poolMax: 20,
      maxConcurrentRequests: 16,
      seed: 'never',
      redisUrl: 'redis://cache.internal:6379',
      responseCacheMb: 0,
      logLevel: 'warn',
      corsOrigins: ['https://www.opengovpartnership.org', 'http://localhost:3000'],
      rateLimits: { anonymous: 60, signedIn: 600 },
      trustedProxies: 1,
    });
  });

  it('turns rate limits off when both budgets are 0, and keeps the defaults otherwise', () => {
    expect(loadConfig({ RATE_LIMIT_ANONYMOUS: '0', RATE_LIMIT_SIGNED_IN: '0' }).rateLimits).toBe(false);
    expect(loadConfig({}).rateLimits).toEqual({ anonymous: 1000, signedIn: 5000 });
    expect(loadConfig({ RATE_LIMIT_ANONYMOUS: '0' }).rateLimits).toEqual({ anonymous: 0, signedIn: 5000 });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 4000, databaseUrl: undefined });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/hub'],
    ['DATABASE_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
    ['DB_POOL_MAX', '0'],
    ['MAX_CONCURRENT_REQUESTS', '0'],
    ['MAX_CONCURRENT_REQUESTS', 'many'],
    ['HUB_SEED', 'always'],
    ['REDIS_URL', 'http://cache.internal'],
    ['RESPONSE_CACHE_MB', '-1'],
    ['RESPONSE_CACHE_MB', 'lots'],
    ['LOG_LEVEL', 'chatty'],
    ['CORS_ORIGINS', 'https://partner.example.org/page'],
    ['CORS_ORIGINS', 'partner.example.org'],
    ['RATE_LIMIT_ANONYMOUS', '-5'],
    ['TRUSTED_PROXIES', 'yes'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it('lists every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', HUB_SEED: 'y' })).toThrow(/PORT: .*\n.*HUB_SEED: /s);
  });
});
