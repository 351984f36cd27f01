import { Activity } from '../activity/activity.entity.js';
import { AccessToken } from '../auth/access-token.entity.js';
import { Country } from '../countries/country.entity.js';
import { HubEvent } from '../events/hub-event.entity.js';
import { CuratorAppointment } from '../groups/curator-appointment.entity.js';
import { Anchorship } from '../groups/anchorship.entity.js';
import { Membership } from '../groups/membership.entity.js';
import { PriorityArea } from '../groups/priority-area.entity.js';
import { WorkingGroup } from '../groups/working-group.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { PeerExchangeOffer } from '../peer-exchange/peer-exchange-offer.entity.js';
import { PeerExchangeRequest, PeerExchangeRequestTopic } from '../peer-exchange/peer-exchange-request.entity.js';
import { PeerExchangeStatusChange } from '../peer-exchange/peer-exchange-status-change.entity.js';
import { Person, PersonTopic } from '../people/person.entity.js';
import { GroupResource } from '../resources/group-resource.entity.js';
import { Resource, ResourceCountry, ResourceStatusChange, ResourceTopic } from '../resources/resource.entity.js';
import { ApiKey, PersistedQuery } from '../partners/api-key.entity.js';
import { RateLimitCounter } from '../ratelimits/rate-limit-counter.entity.js';
import { SearchDocument, SearchFacet, SearchTier } from '../search/search-index.entity.js';
import { Topic } from '../topics/topic.entity.js';
import { Webinar, WebinarSpeaker, WebinarTopic } from '../webinars/webinar.entity.js';

/** Every persisted entity; the ORM, the migrator and the drift test all read this list. */
export const entities = [
  Country,
  Topic,
  Organization,
  Person,
  PersonTopic,
  WorkingGroup,
  PriorityArea,
  Anchorship,
  Membership,
  Resource,
  ResourceTopic,
  ResourceCountry,
  ResourceStatusChange,
  GroupResource,
  PeerExchangeRequest,
  PeerExchangeRequestTopic,
  PeerExchangeOffer,
  PeerExchangeStatusChange,
  Webinar,
  WebinarSpeaker,
  WebinarTopic,
  AccessToken,
  CuratorAppointment,
  Activity,
  HubEvent,
  SearchDocument,
  SearchFacet,
  SearchTier,
  RateLimitCounter,
  ApiKey,
  PersistedQuery,
];
