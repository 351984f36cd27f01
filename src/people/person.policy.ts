import type { Roles } from '../auth/roles.js';

/** Who may see and change what of a person. */
export const personPolicy = {
  /**
   * Contact details: the person themself, admins, and the curators of a
   * group the person takes part in (they organise the exchanges).
   */
  async canSeeContact(roles: Roles, personKey: string, groupsOfPerson: string[]): Promise<boolean> {
    if (roles.isPerson(personKey) || roles.isAdmin) return true;
    const curated = await roles.curatedGroups();
    return groupsOfPerson.some((groupKey) => curated.has(groupKey));
  },
};
