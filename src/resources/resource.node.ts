import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id.js';
import { Node } from '../graphql/node.js';
import { ConnectionType, EdgeType } from '../graphql/pagination/connection.js';
import { DateTime, LocalDate, Locale, URL } from '../graphql/scalars.js';
import { ResourceKind, ResourceStatus } from './resource.enums.js';

registerEnumType(ResourceKind, {
  name: 'ResourceKind',
  description: 'What a resource is.',
  valuesConfig: {
    GUIDE: { description: 'A how-to guide or handbook.' },
    TOOLKIT: { description: 'Templates, checklists or tools to apply directly.' },
    CASE_STUDY: { description: 'How a reform was done somewhere, and what was learned.' },
    REPORT: { description: 'A study, assessment or evaluation.' },
    DATASET: { description: 'Open data.' },
    COMMITMENT_EXAMPLE: { description: 'An OGP action-plan commitment worth learning from.' },
    WEBINAR_RECORDING: { description: 'The recording of a webinar.' },
    OTHER: { description: 'Anything else.' },
  },
});

registerEnumType(ResourceStatus, {
  name: 'ResourceStatus',
  description: 'Where a resource is in its review lifecycle. The public API shows published resources only.',
  valuesConfig: {
    SUBMITTED: { description: 'Submitted by a member; waiting for a curator\'s review.' },
    PUBLISHED: { description: 'Reviewed and public.' },
    REJECTED: { description: 'Reviewed and not accepted.' },
    ARCHIVED: { description: 'Withdrawn from the lists; kept for the record.' },
  },
});

@ObjectType('Resource', {
  implements: Node,
  description: 'A guide, toolkit, case study, report, dataset, commitment example or recording that working groups curate. One resource can serve several groups.',
})
export class ResourceNode implements Node {
  key!: string;
  submittedByKey!: string | null;
  /** The groups listing the resource; loaded by resourceById only (lists show published resources only). */
  groupKeys!: string[];
  topicKeys!: string[];
  countryCodes!: string[];

  @Field(() => ID, { description: 'Opaque global identifier of the resource.' })
  get id(): string {
    return toGlobalId('Resource', this.key);
  }

  @Field({ description: 'Title, in the resource\'s language.' })
  title!: string;

  @Field({ description: 'A few sentences on what the resource offers and to whom.' })
  summary!: string;

  @Field(() => URL, { description: 'Where to read or download the resource (http or https).' })
  url!: string;

  @Field(() => ResourceKind, { description: 'What the resource is.' })
  kind!: ResourceKind;

  @Field(() => Locale, { description: 'Language of the resource, as a BCP 47 tag (e.g. `en`, `es`, `fr`, `ar`).' })
  language!: string;

  @Field(() => LocalDate, { description: 'When the resource was published by its authors.' })
  publishedOn!: string;

  @Field(() => ResourceStatus, { description: 'Where the resource is in its review lifecycle (always PUBLISHED in public lists).' })
  status!: ResourceStatus;
}

@ObjectType('ResourceEdge', { description: 'A resource in a list, with its cursor.' })
export class ResourceEdge extends EdgeType(ResourceNode) {}

@ObjectType('ResourceConnection', { description: 'A page of resources.' })
export class ResourceConnection extends ConnectionType(ResourceNode, ResourceEdge) {}

@ObjectType('CuratedResourceEdge', { description: 'A resource on a group\'s curated list, with how the group placed it.' })
export class CuratedResourceEdge extends EdgeType(ResourceNode) {
  @Field({ description: 'True when the group features the resource at the top of its list.' })
  featured!: boolean;

  @Field(() => Int, { description: 'The resource\'s place in the group\'s own order (featured items first, then this position).' })
  position!: number;

  @Field(() => DateTime, { description: 'When the group added the resource to its list.' })
  addedAt!: string;
}

@ObjectType('CuratedResourceConnection', { description: 'A page of a group\'s curated resources: featured first, then by the group\'s position, then newest.' })
export class CuratedResourceConnection extends ConnectionType(ResourceNode, CuratedResourceEdge) {}
