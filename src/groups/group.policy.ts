import type { Roles } from '../auth/roles.js';

/**
 * Who may do what to a working group. Mutations enforce these, and the
 * `viewerCan…` fields answer from them, so the buttons a partner site shows
 * match what the API will accept.
 */
export const groupPolicy = {
  /** Curate the group's resources, priority areas and webinars; read its activity trail. */
  async canCurate(roles: Roles, groupKey: string): Promise<boolean> {
    return roles.isAdmin || (await roles.curates(groupKey));
  },

  /** Appoint and remove curators: the lead contacts of the group's current anchors, and admins. */
  async canAppointCurators(roles: Roles, groupKey: string): Promise<boolean> {
    return roles.isAdmin || (await roles.anchors(groupKey));
  },

  /** Record a new anchor: the Support Unit (admins) only. */
  canSetAnchor(roles: Roles): boolean {
    return roles.isAdmin;
  },

  /** Join or leave on behalf of an organisation: its own people, and admins. */
  canActForOrganization(roles: Roles, viewerOrganizationKey: string | null, organizationKey: string): boolean {
    return roles.isAdmin || (roles.isSignedIn && viewerOrganizationKey === organizationKey);
  },
};
