import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordActivity } from '../activity/activity.service.js';
import type { Country } from '../countries/country.entity.js';
import { findCountries } from '../countries/country.lookup.js';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { Person } from '../people/person.entity.js';
import type { Topic } from '../topics/topic.entity.js';
import { findTopics } from '../topics/topic.lookup.js';
import { UserErrorCode, UserErrors, userError } from '../graphql/user-errors.js';
import { GroupResource } from './group-resource.entity.js';
import { Resource, ResourceCountry, ResourceStatusChange, ResourceTopic } from './resource.entity.js';
import { ResourceKind, ResourceStatus } from './resource.enums.js';

export interface ResourceFields {
  title: string;
  summary: string;
  url: string;
  kind: ResourceKind;
  language: string;
  publishedOn: string;
  topics?: string[];
  countryCodes?: string[];
}

/**
 * The rules of resources: creation, edits, the review lifecycle
 * (SUBMITTED → PUBLISHED | REJECTED → ARCHIVED) and each group's curated list.
 * Every function runs inside the caller's transaction, records who did what,
 * and throws UserErrors (rolling everything back) when the input breaks a rule.
 */
export const resourceService = {
  /** A new resource on a group's list: published at once by a curator, or submitted for review. */
  async add(em: EntityManager, actorKey: string, groupKey: string, fields: ResourceFields, publish: boolean, featured = false): Promise<string> {
    const [topics, countries] = await Promise.all([findTopics(em, fields.topics ?? []), findCountries(em, fields.countryCodes ?? [])]);
    const status = publish ? ResourceStatus.PUBLISHED : ResourceStatus.SUBMITTED;
    const resource = em.create(Resource, {
      title: fields.title,
      summary: fields.summary,
      url: fields.url,
      kind: fields.kind,
      language: fields.language,
      publishedOn: fields.publishedOn,
      status,
      submittedBy: em.getReference(Person, actorKey),
    });
    setTags(em, resource, topics, countries);
    em.create(ResourceStatusChange, { resource, status, actor: em.getReference(Person, actorKey) });
    const list = await lockedList(em, groupKey);
    em.create(GroupResource, { workingGroup: em.getReference(WorkingGroup, groupKey), resource, featured, position: list.length + 1 });
    await em.flush();
    recordActivity(em, {
      groupKeys: [groupKey],
      actorKey,
      action: publish ? 'resource.created' : 'resource.submitted',
      subjectType: 'Resource',
      subjectKey: resource.id,
      summary: { title: resource.title, status },
    });
    return resource.id;
  },

  /** Changes the given fields; tags given replace the old ones. */
  async update(em: EntityManager, actorKey: string, resourceKey: string, changes: Partial<ResourceFields>): Promise<void> {
    const resource = await em.findOneOrFail(Resource, resourceKey, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (resource.status === ResourceStatus.ARCHIVED) {
      throw new UserErrors([userError(['resourceId'], UserErrorCode.INVALID_TRANSITION, 'An archived resource cannot be edited.')]);
    }
    const [topics, countries] = await Promise.all([
      changes.topics ? findTopics(em, changes.topics) : undefined,
      changes.countryCodes ? findCountries(em, changes.countryCodes) : undefined,
    ]);
    const { topics: _topics, countryCodes: _countries, ...scalars } = changes;
    em.assign(resource, scalars);
    if (topics) {
      await em.nativeDelete(ResourceTopic, { resource: resourceKey });
      for (const topic of topics) em.create(ResourceTopic, { resource, topic });
    }
    if (countries) {
      await em.nativeDelete(ResourceCountry, { resource: resourceKey });
      for (const country of countries) em.create(ResourceCountry, { resource, country });
    }
    await em.flush();
    recordActivity(em, {
      groupKeys: await groupsListing(em, resourceKey),
      actorKey,
      action: 'resource.updated',
      subjectType: 'Resource',
      subjectKey: resourceKey,
      summary: changes,
    });
  },

  /** Publishes or rejects a submitted resource, or archives one. */
  async changeStatus(em: EntityManager, actorKey: string, resourceKey: string, to: ResourceStatus, note: string | null): Promise<void> {
    const resource = await em.findOneOrFail(Resource, resourceKey, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const allowed: Record<ResourceStatus, ResourceStatus[]> = {
      [ResourceStatus.SUBMITTED]: [ResourceStatus.PUBLISHED, ResourceStatus.REJECTED, ResourceStatus.ARCHIVED],
      [ResourceStatus.PUBLISHED]: [ResourceStatus.ARCHIVED],
      [ResourceStatus.REJECTED]: [ResourceStatus.ARCHIVED],
      [ResourceStatus.ARCHIVED]: [],
    };
    if (!allowed[resource.status].includes(to)) {
      throw new UserErrors([
        userError(['resourceId'], UserErrorCode.INVALID_TRANSITION, `A ${resource.status} resource cannot become ${to}.`),
      ]);
    }
    const from = resource.status;
    resource.status = to;
    em.create(ResourceStatusChange, { resource, status: to, actor: em.getReference(Person, actorKey), note });
    await em.flush();
    recordActivity(em, {
      groupKeys: await groupsListing(em, resourceKey),
      actorKey,
      action: `resource.${to}`,
      subjectType: 'Resource',
      subjectKey: resourceKey,
      summary: { from, to, ...(note ? { note } : {}) },
    });
  },

  /**
   * Puts a published resource on a group's list (at the end, unless a
   * position is given), features or unfeatures it, moves it, or removes it.
   * The group's list is locked for the duration, so concurrent reorders
   * queue up and positions stay 1…n without gaps or duplicates.
   */
  async curate(
    em: EntityManager,
    actorKey: string,
    groupKey: string,
    resourceKey: string,
    change: { featured?: boolean | null; position?: number | null; remove?: boolean | null },
  ): Promise<void> {
    const resource = await em.findOneOrFail(Resource, resourceKey);
    if (resource.status !== ResourceStatus.PUBLISHED && !change.remove) {
      throw new UserErrors([userError(['resourceId'], UserErrorCode.INVALID_TRANSITION, 'Only published resources can be curated.')]);
    }
    const list = await lockedList(em, groupKey);
    let entry = list.find((item) => item.resource.id === resourceKey);
    const summary: Record<string, unknown> = {};
    if (change.remove) {
      if (!entry) throw new UserErrors([userError(['resourceId'], UserErrorCode.NOT_FOUND, 'The resource is not on this group\'s list.')]);
      list.splice(list.indexOf(entry), 1);
      em.remove(entry);
      summary.removed = true;
    } else {
      if (!entry) {
        entry = em.create(GroupResource, { workingGroup: em.getReference(WorkingGroup, groupKey), resource, position: list.length + 1 });
        list.push(entry);
        summary.added = true;
      }
      if (change.featured != null && change.featured !== entry.featured) {
        entry.featured = change.featured;
        summary.featured = change.featured;
      }
      if (change.position != null) {
        if (change.position < 1 || change.position > list.length) {
          throw new UserErrors([userError(['position'], UserErrorCode.INVALID, `Give a position from 1 to ${list.length}.`)]);
        }
        list.splice(list.indexOf(entry), 1);
        list.splice(change.position - 1, 0, entry);
        summary.position = change.position;
      }
    }
    list.forEach((item, index) => (item.position = index + 1));
    await em.flush();
    recordActivity(em, { groupKeys: [groupKey], actorKey, action: 'resource.curated', subjectType: 'Resource', subjectKey: resourceKey, summary });
  },
};

/** The group's list in its order, with the group row locked until the transaction ends. */
async function lockedList(em: EntityManager, groupKey: string): Promise<GroupResource[]> {
  await em.findOneOrFail(WorkingGroup, groupKey, { lockMode: LockMode.PESSIMISTIC_WRITE });
  return em.find(GroupResource, { workingGroup: groupKey }, { orderBy: { position: 'asc' }, populate: ['resource'] });
}

async function groupsListing(em: EntityManager, resourceKey: string): Promise<string[]> {
  const rows = await em.find(GroupResource, { resource: resourceKey });
  return rows.map((row) => row.workingGroup.id);
}

function setTags(em: EntityManager, resource: Resource, topics: Topic[], countries: Country[]): void {
  for (const topic of topics) em.create(ResourceTopic, { resource, topic });
  for (const country of countries) em.create(ResourceCountry, { resource, country });
}
