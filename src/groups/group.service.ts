import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordActivity } from '../activity/activity.service.js';
import { createDb, sql } from '../db/sql.js';
import { currentCurators } from './curators.sql.js';
import { UserErrorCode, UserErrors, userError } from '../graphql/user-errors.js';
import { Organization } from '../organizations/organization.entity.js';
import { OrganizationKind } from '../organizations/organization.enums.js';
import { Person } from '../people/person.entity.js';
import { Anchorship } from './anchorship.entity.js';
import { CuratorAppointment } from './curator-appointment.entity.js';
import { AnchorSector } from './group.enums.js';
import { Membership } from './membership.entity.js';
import { PriorityArea } from './priority-area.entity.js';
import { WorkingGroup } from './working-group.entity.js';

/** Organisation kinds that can anchor a group for each sector. */
const anchorKinds: Record<AnchorSector, OrganizationKind[]> = {
  [AnchorSector.GOVERNMENT]: [OrganizationKind.NATIONAL_GOVERNMENT, OrganizationKind.SUBNATIONAL_GOVERNMENT, OrganizationKind.PARLIAMENT],
  [AnchorSector.CIVIL_SOCIETY]: [OrganizationKind.CIVIL_SOCIETY, OrganizationKind.ACADEMIA],
};

function refuse(field: string[] | null, code: UserErrorCode, message: string): never {
  throw new UserErrors([userError(field, code, message)]);
}

/**
 * The rules of a working group: its priorities, anchors, curators and
 * members. Every function runs in the caller's transaction with the group
 * row locked (so concurrent changes to one group queue up), records the
 * action in the group's trail, and throws UserErrors to refuse.
 */
export const groupService = {
  /** Adds a priority area at `position` (default: last); the others move down. */
  async addPriorityArea(em: EntityManager, actorKey: string, groupKey: string, fields: { title: string; description?: string | null; position?: number | null }): Promise<string> {
    const group = await lockGroup(em, groupKey);
    const areas = await em.find(PriorityArea, { workingGroup: groupKey }, { orderBy: { position: 'asc' } });
    const position = fields.position ?? areas.length + 1;
    if (position < 1 || position > areas.length + 1) refuse(['position'], UserErrorCode.INVALID, `Give a position from 1 to ${areas.length + 1}.`);
    const area = em.create(PriorityArea, { workingGroup: group, title: fields.title, description: fields.description ?? null, position });
    areas.splice(position - 1, 0, area);
    areas.forEach((item, index) => (item.position = index + 1));
    await em.flush();
    recordActivity(em, { groupKeys: [groupKey], actorKey, action: 'priorityArea.added', subjectType: 'PriorityArea', subjectKey: area.id, summary: { title: area.title, position } });
    return area.id;
  },

  /** Renames, redescribes, moves or removes a priority area; positions stay 1…n. */
  async updatePriorityArea(
    em: EntityManager,
    actorKey: string,
    areaKey: string,
    changes: { title?: string; description?: string | null; position?: number | null; remove?: boolean | null },
  ): Promise<void> {
    const groupKey = (await em.findOneOrFail(PriorityArea, areaKey)).workingGroup.id;
    await lockGroup(em, groupKey);
    const areas = await em.find(PriorityArea, { workingGroup: groupKey }, { orderBy: { position: 'asc' } });
    const area = areas.find((item) => item.id === areaKey)!;
    areas.splice(areas.indexOf(area), 1);
    if (changes.remove) {
      em.remove(area);
    } else {
      if (changes.title !== undefined) area.title = changes.title;
      if (changes.description !== undefined) area.description = changes.description;
      const position = changes.position ?? area.position;
      if (position < 1 || position > areas.length + 1) refuse(['position'], UserErrorCode.INVALID, `Give a position from 1 to ${areas.length + 1}.`);
      areas.splice(position - 1, 0, area);
    }
    areas.forEach((item, index) => (item.position = index + 1));
    await em.flush();
    const { remove, ...summary } = changes;
    recordActivity(em, { groupKeys: [groupKey], actorKey, action: remove ? 'priorityArea.removed' : 'priorityArea.updated', subjectType: 'PriorityArea', subjectKey: areaKey, summary });
  },

  /**
   * Records a new anchor for a sector from `since`: the current anchorship of
   * that sector ends that day, the organisation becomes a member if it was
   * not, and curators appointed under the old anchor lose their rights.
   */
  async setAnchor(
    em: EntityManager,
    actorKey: string,
    groupKey: string,
    change: { organizationKey: string; sector: AnchorSector; since: string; leadContactKey?: string | null },
  ): Promise<string> {
    const group = await lockGroup(em, groupKey);
    const organization = await em.findOneOrFail(Organization, change.organizationKey);
    if (!anchorKinds[change.sector].includes(organization.kind)) {
      refuse(['organizationId'], UserErrorCode.INVALID, `A ${organization.kind.replace('_', ' ')} organisation cannot anchor the ${change.sector.replace('_', ' ')} sector.`);
    }
    if (change.leadContactKey) {
      const lead = await em.findOneOrFail(Person, change.leadContactKey);
      if (lead.organization?.id !== organization.id) refuse(['leadContactId'], UserErrorCode.INVALID, 'The lead contact must work for the anchor organisation.');
    }
    const current = await em.findOne(Anchorship, { workingGroup: groupKey, sector: change.sector, endsOn: null });
    if (current) {
      if (current.organization.id === organization.id && (current.leadContact?.id ?? null) === (change.leadContactKey ?? null)) {
        refuse(['organizationId'], UserErrorCode.ALREADY_DONE, 'This organisation already anchors that sector with that lead contact.');
      }
      if (change.since < current.startsOn) refuse(['since'], UserErrorCode.INVALID, `The new anchorship cannot start before the current one (${current.startsOn}).`);
      current.endsOn = change.since;
      await em.flush();
    }
    const anchorship = em.create(Anchorship, {
      workingGroup: group,
      organization,
      sector: change.sector,
      startsOn: change.since,
      leadContact: change.leadContactKey ? em.getReference(Person, change.leadContactKey) : null,
    });
    const member = await em.findOne(Membership, { workingGroup: groupKey, organization: organization.id, leftOn: null });
    if (!member) em.create(Membership, { workingGroup: group, organization, joinedOn: change.since });
    await em.flush();
    recordActivity(em, {
      groupKeys: [groupKey],
      actorKey,
      action: 'anchor.set',
      subjectType: 'Anchorship',
      subjectKey: anchorship.id,
      summary: { sector: change.sector, organization: organization.name, since: change.since, ...(current ? { previous: current.organization.id } : {}) },
    });
    return anchorship.id;
  },

  /** Appoints a curator; an anchor's lead contact appoints under their anchorship, an admin without one. */
  async appointCurator(em: EntityManager, actorKey: string, groupKey: string, personKey: string, byAdmin: boolean): Promise<void> {
    const group = await lockGroup(em, groupKey);
    if (await isCurator(em, groupKey, personKey)) refuse(['personId'], UserErrorCode.ALREADY_DONE, 'This person already curates the group.');
    const anchorship = byAdmin ? null : await em.findOne(Anchorship, { workingGroup: groupKey, endsOn: null, leadContact: actorKey });
    em.create(CuratorAppointment, {
      workingGroup: group,
      person: em.getReference(Person, personKey),
      anchorship,
      appointedBy: em.getReference(Person, actorKey),
    });
    await em.flush();
    recordActivity(em, { groupKeys: [groupKey], actorKey, action: 'curator.appointed', subjectType: 'Person', subjectKey: personKey });
  },

  /** Ends a curator's appointment (lead contacts curate through their anchorship and are changed with setAnchor). */
  async removeCurator(em: EntityManager, actorKey: string, groupKey: string, personKey: string): Promise<void> {
    await lockGroup(em, groupKey);
    const appointment = await em.findOne(CuratorAppointment, { workingGroup: groupKey, person: personKey, endedAt: null });
    if (!appointment) {
      const leads = await em.count(Anchorship, { workingGroup: groupKey, endsOn: null, leadContact: personKey });
      refuse(['personId'], leads ? UserErrorCode.INVALID_TRANSITION : UserErrorCode.NOT_FOUND, leads ? 'This person curates as the lead contact of an anchor; record a new anchor or lead contact with setAnchor instead.' : 'This person is not an appointed curator of the group.');
    }
    appointment.endedAt = new Date();
    appointment.endedBy = em.getReference(Person, actorKey, { wrapped: true });
    await em.flush();
    recordActivity(em, { groupKeys: [groupKey], actorKey, action: 'curator.removed', subjectType: 'Person', subjectKey: personKey });
  },

  /** An organisation joins the group today. */
  async join(em: EntityManager, actorKey: string, groupKey: string, organizationKey: string): Promise<void> {
    const group = await lockGroup(em, groupKey);
    if (await em.findOne(Membership, { workingGroup: groupKey, organization: organizationKey, leftOn: null })) {
      refuse(['organizationId'], UserErrorCode.ALREADY_DONE, 'The organisation is already a member of this group.');
    }
    em.create(Membership, { workingGroup: group, organization: em.getReference(Organization, organizationKey), joinedOn: todayDate() });
    await em.flush();
    recordActivity(em, { groupKeys: [groupKey], actorKey, action: 'member.joined', subjectType: 'Organization', subjectKey: organizationKey });
  },

  /** An organisation leaves the group today; a current anchor must be replaced first. */
  async leave(em: EntityManager, actorKey: string, groupKey: string, organizationKey: string): Promise<void> {
    await lockGroup(em, groupKey);
    const membership = await em.findOne(Membership, { workingGroup: groupKey, organization: organizationKey, leftOn: null });
    if (!membership) refuse(['organizationId'], UserErrorCode.NOT_FOUND, 'The organisation is not a member of this group.');
    if (await em.count(Anchorship, { workingGroup: groupKey, organization: organizationKey, endsOn: null })) {
      refuse(['organizationId'], UserErrorCode.INVALID_TRANSITION, 'The organisation anchors this group: an admin must record a new anchor before it can leave.');
    }
    membership.leftOn = todayDate();
    await em.flush();
    recordActivity(em, { groupKeys: [groupKey], actorKey, action: 'member.left', subjectType: 'Organization', subjectKey: organizationKey });
  },
};

async function lockGroup(em: EntityManager, groupKey: string): Promise<WorkingGroup> {
  return em.findOneOrFail(WorkingGroup, groupKey, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

async function isCurator(em: EntityManager, groupKey: string, personKey: string): Promise<boolean> {
  const [row] = await createDb(em).rows<{ curates: boolean }>(sql`
    select exists (select 1 from ${currentCurators} c where c.working_group_id = ${groupKey} and c.person_id = ${personKey}) as curates`);
  return row.curates;
}

function todayDate(): string {
  return new Date().toISOString().slice(0, 10);
}
