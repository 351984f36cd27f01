import type { Roles } from '../auth/roles.js';
import { groupPolicy } from '../groups/group.policy.js';

/** What the policies need to know about a webinar. */
export interface WebinarFacts {
  workingGroupKey: string;
}

/**
 * Who may do what to webinars; the webinar mutations ask here and nowhere
 * else. Webinars are public, so there is no viewing rule.
 */
export const webinarPolicy = {
  /** Announce a webinar for a group: its curators and admins. */
  canSchedule(roles: Roles, groupKey: string): Promise<boolean> {
    return groupPolicy.canCurate(roles, groupKey);
  },

  /** Reschedule, cancel or mark held: the curators of the webinar's group and admins. */
  canManage(roles: Roles, webinar: WebinarFacts): Promise<boolean> {
    return groupPolicy.canCurate(roles, webinar.workingGroupKey);
  },
};
