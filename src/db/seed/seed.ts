import type { EntityManager } from '@mikro-orm/postgresql';
import { Country } from '../../countries/country.entity.js';
import { Anchorship } from '../../groups/anchorship.entity.js';
import { Membership } from '../../groups/membership.entity.js';
import { PriorityArea } from '../../groups/priority-area.entity.js';
import { WorkingGroup } from '../../groups/working-group.entity.js';
import { Organization } from '../../organizations/organization.entity.js';
import { PeerExchangeOffer } from '../../peer-exchange/peer-exchange-offer.entity.js';
import { PeerExchangeRequest, PeerExchangeRequestTopic } from '../../peer-exchange/peer-exchange-request.entity.js';
import { PeerExchangeStatusChange } from '../../peer-exchange/peer-exchange-status-change.entity.js';
import { PeerExchangeStatus } from '../../peer-exchange/peer-exchange.enums.js';
import { Person, PersonTopic } from '../../people/person.entity.js';
import { GroupResource } from '../../resources/group-resource.entity.js';
import { Resource, ResourceCountry, ResourceStatusChange, ResourceTopic } from '../../resources/resource.entity.js';
import { ResourceStatus } from '../../resources/resource.enums.js';
import { Topic } from '../../topics/topic.entity.js';
import { Webinar, WebinarSpeaker, WebinarTopic } from '../../webinars/webinar.entity.js';
import { demoData } from './demo-data.js';
import type { DemoData, PeerExchangeRequestSeed, WebinarSeed, WorkingGroupSeed } from './demo-data.types.js';
import { daysFrom, zonedTime } from './dates.js';

/**
 * Loads the demonstration data: the five pilot groups with their anchors,
 * members, people, resources, requests and webinars. Idempotent: records are
 * matched by natural key (country code, topic slug, organisation name, e-mail,
 * URL, group slug, request and webinar titles) and only missing ones are
 * created, all in one transaction. Returns a one-line summary.
 */
export async function seedDemoData(em: EntityManager, data: DemoData = demoData, now = new Date()): Promise<string> {
  return em.transactional(async (tx) => new DemoSeeder(tx, now).run(data));
}

/** True when the database holds no working group yet (a fresh install). */
export async function databaseIsEmpty(em: EntityManager): Promise<boolean> {
  return (await em.fork().count(WorkingGroup)) === 0;
}

class DemoSeeder {
  private readonly created = new Map<string, number>();
  private countries = new Map<string, Country>();
  private topics = new Map<string, Topic>();
  private organizations = new Map<string, Organization>();
  private people = new Map<string, Person>();
  private resources = new Map<string, Resource>();
  private groups = new Map<string, WorkingGroup>();

  constructor(
    private readonly em: EntityManager,
    private readonly now: Date,
  ) {}

  async run(data: DemoData): Promise<string> {
    this.countries = await this.ensure(Country, 'code', data.countries, (seed) => this.em.create(Country, seed));
    this.topics = await this.ensure(Topic, 'slug', data.topics, (seed) => this.em.create(Topic, seed));
    this.organizations = await this.ensure(Organization, 'name', data.organizations, (seed) =>
      this.em.create(Organization, {
        name: seed.name,
        kind: seed.kind,
        website: seed.website,
        country: seed.countryCode ? this.ref(this.countries, seed.countryCode) : null,
      }),
    );
    this.people = await this.ensure(Person, 'email', data.people, (seed) => {
      const person = this.em.create(Person, {
        name: seed.name,
        email: seed.email,
        title: seed.title,
        organization: seed.organization ? this.ref(this.organizations, seed.organization) : null,
        country: seed.countryCode ? this.ref(this.countries, seed.countryCode) : null,
        languages: seed.languages,
        expertise: seed.expertise,
        openToPeerExchange: seed.openToPeerExchange,
        isDemo: true,
      });
      for (const slug of seed.topics) this.em.create(PersonTopic, { person, topic: this.ref(this.topics, slug) });
      return person;
    });
    this.resources = await this.ensure(Resource, 'url', data.resources, (seed) => {
      const resource = this.em.create(Resource, {
        url: seed.url,
        title: seed.title,
        summary: seed.summary,
        kind: seed.kind,
        language: seed.language,
        publishedOn: seed.publishedOn,
        status: ResourceStatus.PUBLISHED,
        submittedBy: seed.submittedBy ? this.ref(this.people, seed.submittedBy) : null,
        isDemo: true,
      });
      for (const slug of seed.topics) this.em.create(ResourceTopic, { resource, topic: this.ref(this.topics, slug) });
      for (const code of seed.countryCodes) this.em.create(ResourceCountry, { resource, country: this.ref(this.countries, code) });
      this.em.create(ResourceStatusChange, { resource, status: ResourceStatus.PUBLISHED, note: 'Demonstration data' });
      return resource;
    });
    this.groups = await this.ensure(WorkingGroup, 'slug', data.workingGroups, (seed) => this.createGroup(seed));
    await this.ensureRequests(data.peerExchangeRequests);
    await this.ensureWebinars(data.webinars);
    await this.em.flush();
    const summary = [...this.created].filter(([, count]) => count > 0).map(([what, count]) => `${count} ${what}`);
    return summary.length ? `created ${summary.join(', ')}` : 'nothing to add';
  }

  /**
   * Finds the records whose natural keys the seeds name and creates the
   * missing ones; returns every record by key.
   */
  private async ensure<E extends object, S extends object>(
    entity: new () => E,
    key: keyof S & keyof E & string,
    seeds: S[],
    create: (seed: S) => E,
  ): Promise<Map<string, E>> {
    const keys = seeds.map((seed) => String(seed[key]));
    const existing = await this.em.find(entity, { [key]: { $in: keys } } as never);
    const byKey = new Map(existing.map((record) => [String(record[key]), record]));
    let count = 0;
    for (const seed of seeds) {
      if (byKey.has(String(seed[key]))) continue;
      byKey.set(String(seed[key]), create(seed));
      count += 1;
    }
    this.created.set(entity.name, count);
    return byKey;
  }

  private createGroup(seed: WorkingGroupSeed): WorkingGroup {
    const group = this.em.create(WorkingGroup, {
      slug: seed.slug,
      name: seed.name,
      description: seed.description,
      status: seed.status,
      launchedOn: seed.launchedOn,
    });
    seed.priorityAreas.forEach((area, index) =>
      this.em.create(PriorityArea, { workingGroup: group, title: area.title, description: area.description, position: index + 1 }),
    );
    for (const anchorship of seed.anchorships) {
      this.em.create(Anchorship, {
        workingGroup: group,
        organization: this.ref(this.organizations, anchorship.organization),
        sector: anchorship.sector,
        leadContact: anchorship.leadContact ? this.ref(this.people, anchorship.leadContact) : null,
        startsOn: anchorship.since,
        endsOn: anchorship.until,
      });
    }
    for (const member of seed.members) {
      this.em.create(Membership, {
        workingGroup: group,
        organization: this.ref(this.organizations, member.organization),
        joinedOn: member.joinedOn,
        leftOn: member.leftOn,
      });
    }
    seed.resources.forEach((curated, index) =>
      this.em.create(GroupResource, {
        workingGroup: group,
        resource: this.ref(this.resources, curated.url),
        featured: curated.featured ?? false,
        position: index + 1,
      }),
    );
    return group;
  }

  /** Requests are matched by requester and title. */
  private async ensureRequests(seeds: PeerExchangeRequestSeed[]): Promise<void> {
    const existing = await this.em.find(PeerExchangeRequest, { isDemo: true }, { populate: ['requester'] });
    const keys = new Set(existing.map((request) => `${request.requester.getEntity().email}\n${request.title}`));
    let count = 0;
    for (const seed of seeds.filter((seed) => !keys.has(`${seed.requester}\n${seed.title}`))) {
      const postedAt = daysFrom(this.now, -seed.postedDaysAgo);
      const status = seed.history.at(-1) ?? PeerExchangeStatus.OPEN;
      const request = this.em.create(PeerExchangeRequest, {
        title: seed.title,
        description: seed.description,
        format: seed.format,
        neededBy: seed.neededInDays === undefined ? null : daysFrom(this.now, seed.neededInDays).toISOString().slice(0, 10),
        status,
        requester: this.ref(this.people, seed.requester),
        workingGroup: seed.group ? this.ref(this.groups, seed.group) : null,
        outcome: seed.outcome,
        isDemo: true,
        createdAt: postedAt,
      });
      for (const slug of seed.topics) this.em.create(PeerExchangeRequestTopic, { request, topic: this.ref(this.topics, slug) });
      seed.offers.forEach((offer, index) =>
        this.em.create(PeerExchangeOffer, {
          request,
          expert: this.ref(this.people, offer.expert),
          message: offer.message,
          status: offer.status,
          createdAt: daysFrom(postedAt, index + 1),
        }),
      );
      // The history is spread over the time since posting, OPEN first.
      const steps = [PeerExchangeStatus.OPEN, ...seed.history];
      steps.forEach((step, index) =>
        this.em.create(PeerExchangeStatusChange, {
          request,
          status: step,
          actor: this.ref(this.people, seed.requester),
          createdAt: new Date(postedAt.getTime() + ((this.now.getTime() - postedAt.getTime()) * index) / steps.length),
        }),
      );
      count += 1;
    }
    this.created.set(PeerExchangeRequest.name, count);
  }

  /** Webinars are matched by group and title. */
  private async ensureWebinars(seeds: WebinarSeed[]): Promise<void> {
    const existing = await this.em.find(Webinar, { isDemo: true }, { populate: ['workingGroup'] });
    const keys = new Set(existing.map((webinar) => `${webinar.workingGroup.getEntity().slug}\n${webinar.title}`));
    let count = 0;
    for (const seed of seeds.filter((seed) => !keys.has(`${seed.group}\n${seed.title}`))) {
      const webinar = this.em.create(Webinar, {
        workingGroup: this.ref(this.groups, seed.group),
        title: seed.title,
        description: seed.description,
        startsAt: zonedTime(daysFrom(this.now, seed.startsInDays), seed.startTime, seed.timeZone),
        timeZone: seed.timeZone,
        durationMinutes: seed.durationMinutes,
        language: seed.language,
        joinUrl: seed.joinUrl,
        status: seed.status,
        recording: seed.recording ? this.ref(this.resources, seed.recording) : null,
        isDemo: true,
      });
      seed.speakers.forEach((email, index) =>
        this.em.create(WebinarSpeaker, { webinar, person: this.ref(this.people, email), position: index + 1 }),
      );
      for (const slug of seed.topics) this.em.create(WebinarTopic, { webinar, topic: this.ref(this.topics, slug) });
      count += 1;
    }
    this.created.set(Webinar.name, count);
  }

  /** A record the seeds refer to; a dangling reference is a bug in the seed data. */
  private ref<E>(records: Map<string, E>, key: string): E {
    const record = records.get(key);
    if (!record) throw new Error(`Demonstration data refers to an unknown record: ${key}`);
    return record;
  }
}
