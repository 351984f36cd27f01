import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { displayPrefix, generateToken, hashToken } from '../auth/tokens.js';
import { Person } from '../people/person.entity.js';
import { ApiKey } from './api-key.entity.js';

/** API keys read `ogh_pk_…`, told apart from access tokens (`ogh_…`) at a glance. */
const API_KEY_KIND = 'pk';

/** Points per hour of a new key unless said otherwise: a busy partner site, with room to spare. */
export const DEFAULT_API_KEY_POINTS = 20_000;

/** The SHA-256 of a document, hex, as automatic persisted queries name it. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

export const apiKeyService = {
  /** Issues a key; returns it (shown once) with its record. */
  async issue(
    em: EntityManager,
    values: { name: string; pointsPerHour?: number; persistedQueriesOnly?: boolean; createdByKey?: string | null },
  ): Promise<{ key: string; record: ApiKey }> {
    const key = generateToken(API_KEY_KIND);
    const record = em.create(ApiKey, {
      name: values.name,
      keyHash: hashToken(key),
      prefix: displayPrefix(key, API_KEY_KIND),
      pointsPerHour: values.pointsPerHour ?? DEFAULT_API_KEY_POINTS,
      persistedQueriesOnly: values.persistedQueriesOnly ?? false,
      createdBy: values.createdByKey ? em.getReference(Person, values.createdByKey) : null,
    });
    await em.flush();
    return { key, record };
  },

  /** Revokes a key (by id or displayed prefix); null when there is none to revoke. */
  async revoke(em: EntityManager, where: { id: string } | { prefix: string }): Promise<ApiKey | null> {
    const record = await em.findOne(ApiKey, { ...where, revokedAt: null });
    if (!record) return null;
    record.revokedAt = new Date();
    await em.flush();
    return record;
  },

  list(em: EntityManager): Promise<ApiKey[]> {
    return em.find(ApiKey, {}, { orderBy: { createdAt: 'desc' } });
  },

  /** Registers a document for a key (again: nothing changes); returns its hash. */
  async register(em: EntityManager, apiKeyId: string, document: string): Promise<string> {
    const sha256 = documentHash(document);
    await em.execute(
      'insert into persisted_query (id, api_key_id, sha256, document) values (gen_random_uuid(), ?, ?, ?) on conflict (api_key_id, sha256) do nothing',
      [apiKeyId, sha256, document],
    );
    return sha256;
  },
};
