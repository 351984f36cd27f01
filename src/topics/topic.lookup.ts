import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, UserErrors, userError } from '../graphql/user-errors.js';
import { Topic } from './topic.entity.js';

/**
 * The topics an input names by slug, for tagging. Unknown slugs are
 * NOT_FOUND user errors at their place in the input (`field`, index).
 */
export async function findTopics(em: EntityManager, slugs: string[], field = 'topics'): Promise<Topic[]> {
  const unique = [...new Set(slugs)];
  const found = unique.length ? await em.find(Topic, { slug: { $in: unique } }) : [];
  const bySlug = new Map(found.map((topic) => [topic.slug, topic]));
  const errors = slugs.flatMap((slug, index) =>
    bySlug.has(slug) ? [] : [userError([field, String(index)], UserErrorCode.NOT_FOUND, `There is no topic "${slug}".`)],
  );
  if (errors.length) throw new UserErrors(errors);
  return unique.map((slug) => bySlug.get(slug)!);
}
