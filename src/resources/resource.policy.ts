import type { Roles } from '../auth/roles.js';
import { groupPolicy } from '../groups/group.policy.js';
import type { RequestContext } from '../graphql/context.js';
import { ResourceStatus } from './resource.enums.js';
import type { ResourceNode } from './resource.node.js';
import { resourceById } from './resource.queries.js';

/** What the policies need to know about a resource. */
export interface ResourceFacts {
  status: ResourceStatus;
  submittedByKey: string | null;
  /** The groups whose lists hold the resource (or to which it was submitted). */
  groupKeys: string[];
}

async function curatesAny(roles: Roles, groupKeys: string[]): Promise<boolean> {
  if (roles.isAdmin) return true;
  for (const groupKey of groupKeys) if (await groupPolicy.canCurate(roles, groupKey)) return true;
  return false;
}

/** Who may do what to a resource; mutations and visibility both ask here. */
export const resourcePolicy = {
  /** Published resources are public; others only to their submitter, the curators of their groups and admins. */
  async canView(roles: Roles, resource: ResourceFacts): Promise<boolean> {
    if (resource.status === ResourceStatus.PUBLISHED) return true;
    if (resource.submittedByKey && roles.isPerson(resource.submittedByKey)) return true;
    return curatesAny(roles, resource.groupKeys);
  },

  /** Any signed-in person may submit a resource for review. */
  canSubmit(roles: Roles): boolean {
    return roles.isSignedIn;
  },

  /** Curators of its groups and admins; its submitter too while it waits for review. */
  async canUpdate(roles: Roles, resource: ResourceFacts): Promise<boolean> {
    if (resource.status === ResourceStatus.SUBMITTED && resource.submittedByKey && roles.isPerson(resource.submittedByKey)) return true;
    return curatesAny(roles, resource.groupKeys);
  },

  /** Publish, reject or archive: curators of its groups and admins. */
  async canReview(roles: Roles, resource: ResourceFacts): Promise<boolean> {
    return curatesAny(roles, resource.groupKeys);
  },
};

/** The resource behind `key` if the viewer may see it, else null (as if it did not exist). */
export async function visibleResource(context: RequestContext, key: string): Promise<ResourceNode | null> {
  const resource = await context.loaders.of(resourceById).load(key);
  return resource && (await resourcePolicy.canView(context.roles, resource)) ? resource : null;
}
