import type { EntityManager } from '@mikro-orm/postgresql';
import { Person } from '../people/person.entity.js';
import { AccessToken } from './access-token.entity.js';
import { displayPrefix, generateToken, hashToken } from './tokens.js';

export interface IssuedToken {
  /** The token itself: shown once, never stored. */
  token: string;
  record: AccessToken;
}

/** Issuing and revoking access tokens; used by the CLI and by admins through the API. */
export const accessTokenService = {
  /** Issues a token for a person; `makeAdmin` also makes the person an admin (the Support Unit). */
  async issue(em: EntityManager, person: Person, label: string, options: { createdByKey?: string | null; makeAdmin?: boolean } = {}): Promise<IssuedToken> {
    const token = generateToken();
    if (options.makeAdmin) person.isAdmin = true;
    const record = em.create(AccessToken, {
      person,
      tokenHash: hashToken(token),
      prefix: displayPrefix(token),
      label,
      createdBy: options.createdByKey ? em.getReference(Person, options.createdByKey) : null,
    });
    await em.flush();
    return { token, record };
  },

  /** Revokes a token (found by id or by its displayed prefix); returns it, or null when there is none to revoke. */
  async revoke(em: EntityManager, where: { id: string } | { prefix: string }): Promise<AccessToken | null> {
    const record = await em.findOne(AccessToken, { ...where, revokedAt: null }, { populate: ['person'] });
    if (!record) return null;
    record.revokedAt = new Date();
    await em.flush();
    return record;
  },

  /** Every token (revoked ones too), newest first, with their people. */
  list(em: EntityManager): Promise<AccessToken[]> {
    return em.find(AccessToken, {}, { populate: ['person'], orderBy: { createdAt: 'desc' } });
  },
};
