import type { OgpStatus } from '../../countries/country.enums.js';
import type { AnchorSector, WorkingGroupStatus } from '../../groups/group.enums.js';
import type { OrganizationKind } from '../../organizations/organization.enums.js';
import type { PeerExchangeFormat, PeerExchangeOfferStatus, PeerExchangeStatus } from '../../peer-exchange/peer-exchange.enums.js';
import type { ResourceKind } from '../../resources/resource.enums.js';
import type { WebinarStatus } from '../../webinars/webinar.enums.js';

/**
 * The shape of the demonstration data. Records refer to one another by
 * natural keys (country code, topic slug, organisation name, person e-mail,
 * group slug, resource URL), which is also what makes seeding idempotent.
 */
export interface CountrySeed {
  code: string;
  name: string;
  region: string;
  ogpStatus: OgpStatus;
  ogpMemberSince?: string;
}

export interface TopicSeed {
  slug: string;
  name: string;
  description: string;
}

export interface OrganizationSeed {
  name: string;
  kind: OrganizationKind;
  countryCode?: string;
  website?: string;
}

export interface PersonSeed {
  name: string;
  /** Fictional, always at example.org. */
  email: string;
  title?: string;
  organization?: string;
  countryCode?: string;
  languages: string[];
  topics: string[];
  expertise: string;
  openToPeerExchange: boolean;
}

export interface AnchorshipSeed {
  organization: string;
  sector: AnchorSector;
  leadContact?: string;
  since: string;
  until?: string;
}

export interface MembershipSeed {
  organization: string;
  joinedOn: string;
  leftOn?: string;
}

export interface CuratedResourceSeed {
  url: string;
  featured?: boolean;
}

export interface WorkingGroupSeed {
  slug: string;
  name: string;
  description: string;
  status: WorkingGroupStatus;
  launchedOn?: string;
  priorityAreas: { title: string; description?: string }[];
  /** In date order; at most one without `until` per sector. */
  anchorships: AnchorshipSeed[];
  members: MembershipSeed[];
  /** The curated list, in the group's order. */
  resources: CuratedResourceSeed[];
}

export interface ResourceSeed {
  url: string;
  title: string;
  summary: string;
  kind: ResourceKind;
  language: string;
  publishedOn: string;
  topics: string[];
  countryCodes: string[];
  submittedBy?: string;
}

export interface OfferSeed {
  expert: string;
  message: string;
  status: PeerExchangeOfferStatus;
}

export interface PeerExchangeRequestSeed {
  title: string;
  description: string;
  format: PeerExchangeFormat;
  /** Days from the day of seeding; negative for requests whose date has passed. */
  neededInDays?: number;
  requester: string;
  group?: string;
  topics: string[];
  offers: OfferSeed[];
  /** The statuses after OPEN, in order (OPEN is always first). */
  history: PeerExchangeStatus[];
  outcome?: string;
  /** How many days ago the request was posted. */
  postedDaysAgo: number;
}

export interface WebinarSeed {
  group: string;
  title: string;
  description: string;
  /** Days from the day of seeding (negative: past), at `startTime` in `timeZone`. */
  startsInDays: number;
  startTime: string;
  timeZone: string;
  durationMinutes: number;
  language: string;
  speakers: string[];
  topics: string[];
  status: WebinarStatus;
  joinUrl?: string;
  /** URL of a resource (kind WEBINAR_RECORDING) holding the recording. */
  recording?: string;
}

export interface DemoData {
  countries: CountrySeed[];
  topics: TopicSeed[];
  organizations: OrganizationSeed[];
  people: PersonSeed[];
  resources: ResourceSeed[];
  workingGroups: WorkingGroupSeed[];
  peerExchangeRequests: PeerExchangeRequestSeed[];
  webinars: WebinarSeed[];
}
