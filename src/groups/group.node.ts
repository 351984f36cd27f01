import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id.js';
import { Node } from '../graphql/node.js';
import { ConnectionType, EdgeType } from '../graphql/pagination/connection.js';
import { LocalDate } from '../graphql/scalars.js';
import { OrganizationNode } from '../organizations/organization.node.js';
import { AnchorSector, WorkingGroupStatus } from './group.enums.js';

registerEnumType(WorkingGroupStatus, {
  name: 'WorkingGroupStatus',
  description: 'Where a working group is in its life.',
  valuesConfig: {
    PROPOSED: { description: 'Proposed by partners; not yet convened.' },
    PILOT: { description: 'One of the pilot groups, testing the working-group model.' },
    ACTIVE: { description: 'Established and running.' },
    ARCHIVED: { description: 'No longer active; its resources remain available.' },
  },
});

registerEnumType(AnchorSector, {
  name: 'AnchorSector',
  description: 'The side of the partnership an anchor speaks for. Every group has one anchor of each.',
  valuesConfig: {
    GOVERNMENT: { description: 'The government anchor.' },
    CIVIL_SOCIETY: { description: 'The civil-society anchor.' },
  },
});

@ObjectType('WorkingGroup', {
  implements: Node,
  description:
    'A thematic working group (fiscal openness, open data, …) where government and civil-society reformers share experience, curate resources and ask one another for help. Co-led by one government and one civil-society anchor.',
})
export class WorkingGroupNode implements Node {
  key!: string;

  @Field(() => ID, { description: 'Opaque global identifier of the group.' })
  get id(): string {
    return toGlobalId('WorkingGroup', this.key);
  }

  @Field({ description: 'Stable, URL-safe name of the group, e.g. `open-data`; `workingGroup(slug:)` looks a group up by it.' })
  slug!: string;

  @Field({ description: 'Display name of the group.' })
  name!: string;

  @Field({ description: 'What the group works on and for whom.' })
  description!: string;

  @Field(() => WorkingGroupStatus, { description: 'Where the group is in its life.' })
  status!: WorkingGroupStatus;

  @Field(() => LocalDate, { nullable: true, description: 'When the group was launched; null while it is proposed.' })
  launchedOn!: string | null;
}

@ObjectType('PriorityArea', { implements: Node, description: 'An area of engagement a working group agreed to prioritise.' })
export class PriorityAreaNode implements Node {
  key!: string;
  workingGroupKey!: string;

  @Field(() => ID, { description: 'Opaque global identifier of the priority area.' })
  get id(): string {
    return toGlobalId('PriorityArea', this.key);
  }

  @Field({ description: 'Short title of the priority area.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What the group intends to do in this area.' })
  description!: string | null;

  @Field(() => Int, { description: 'Place in the group\'s list of priorities, from 1.' })
  position!: number;
}

@ObjectType('Anchorship', {
  implements: Node,
  description:
    'An organisation leading a working group for one sector over a period. Anchors change with elections and staff turnover, so a group keeps its history of anchorships.',
})
export class AnchorshipNode implements Node {
  key!: string;
  workingGroupKey!: string;
  leadContactKey!: string | null;

  @Field(() => ID, { description: 'Opaque global identifier of the anchorship.' })
  get id(): string {
    return toGlobalId('Anchorship', this.key);
  }

  /** Joined in by every anchorship query: showing an anchor nearly always shows its name. */
  @Field(() => OrganizationNode, { description: 'The anchor organisation.' })
  organization!: OrganizationNode;

  @Field(() => AnchorSector, { description: 'The sector the organisation anchors the group for.' })
  sector!: AnchorSector;

  @Field(() => LocalDate, { description: 'The first day of the anchorship.' })
  since!: string;

  @Field(() => LocalDate, { nullable: true, description: 'The last day of the anchorship; null while it is current.' })
  until!: string | null;

  @Field({ description: 'True for the group\'s current anchor of this sector.' })
  get isCurrent(): boolean {
    return this.until === null;
  }
}

@ObjectType('AnchorshipEdge', { description: 'An anchorship in a group\'s history, with its cursor.' })
export class AnchorshipEdge extends EdgeType(AnchorshipNode) {}

@ObjectType('AnchorshipConnection', { description: 'A page of a group\'s anchorships, newest first.' })
export class AnchorshipConnection extends ConnectionType(AnchorshipNode, AnchorshipEdge) {}

@ObjectType('WorkingGroupMemberEdge', { description: 'A member organisation of a group, with the membership\'s details.' })
export class WorkingGroupMemberEdge extends EdgeType(OrganizationNode) {
  @Field(() => LocalDate, { description: 'When the organisation joined the group.' })
  joinedOn!: string;
}

@ObjectType('WorkingGroupMemberConnection', { description: 'A page of a group\'s member organisations.' })
export class WorkingGroupMemberConnection extends ConnectionType(OrganizationNode, WorkingGroupMemberEdge) {}

@ObjectType('WorkingGroupEdge', { description: 'A working group in a list, with its cursor.' })
export class WorkingGroupEdge extends EdgeType(WorkingGroupNode) {}

@ObjectType('WorkingGroupConnection', { description: 'A page of working groups.' })
export class WorkingGroupConnection extends ConnectionType(WorkingGroupNode, WorkingGroupEdge) {}
