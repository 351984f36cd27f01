import { sql, type Db } from '../db/sql.js';
import { currentCurators } from '../groups/curators.sql.js';
import { forbidden, unauthenticated, type Viewer } from './viewer.js';

interface Standing {
  /** Groups the viewer curates: as lead contact of a current anchor, or by a live appointment. */
  curates: Set<string>;
  /** Groups the viewer leads an anchor of (and so may appoint curators in). */
  anchors: Set<string>;
  /** Groups the viewer's organisation is a current member of. */
  memberOf: Set<string>;
}

/**
 * What the viewer is, group by group, read from the data itself: anchorships,
 * curator appointments and memberships. Computed once per request, on first
 * use. Policies (the *.policy.ts files) ask it; nothing else decides roles.
 */
export class Roles {
  private standing?: Promise<Standing>;

  constructor(
    private readonly db: Db,
    readonly viewer: Viewer | null,
  ) {}

  get isSignedIn(): boolean {
    return this.viewer !== null;
  }

  get isAdmin(): boolean {
    return this.viewer?.isAdmin === true;
  }

  isPerson(personKey: string): boolean {
    return this.viewer?.personKey === personKey;
  }

  async curates(groupKey: string): Promise<boolean> {
    return (await this.load()).curates.has(groupKey);
  }

  async anchors(groupKey: string): Promise<boolean> {
    return (await this.load()).anchors.has(groupKey);
  }

  async isMemberOf(groupKey: string): Promise<boolean> {
    return (await this.load()).memberOf.has(groupKey);
  }

  /** Every group the viewer curates. */
  async curatedGroups(): Promise<Set<string>> {
    return (await this.load()).curates;
  }

  /** Every group the viewer takes part in, as member or curator. */
  async groups(): Promise<Set<string>> {
    const { curates, memberOf } = await this.load();
    return new Set([...memberOf, ...curates]);
  }

  /**
   * Throws unless `allowed`: UNAUTHENTICATED for anonymous callers (signing in
   * might help), FORBIDDEN for signed-in ones (it would not).
   */
  require(allowed: boolean, what = 'do this'): void {
    if (allowed) return;
    if (!this.isSignedIn) throw unauthenticated(`Sign in with an access token to ${what}.`);
    throw forbidden(`You are not allowed to ${what}.`);
  }

  private load(): Promise<Standing> {
    this.standing ??= this.fetch();
    return this.standing;
  }

  private async fetch(): Promise<Standing> {
    const empty = { curates: new Set<string>(), anchors: new Set<string>(), memberOf: new Set<string>() };
    if (!this.viewer) return empty;
    const rows = await this.db.rows<{ groupKey: string; role: 'anchor' | 'appointed' | 'member' }>(sql`
      select c.working_group_id as "groupKey", c.via as role
      from ${currentCurators} c where c.person_id = ${this.viewer.personKey}
      union all
      select m.working_group_id, 'member'
      from membership m join person p on p.organization_id = m.organization_id
      where p.id = ${this.viewer.personKey} and m.left_on is null`);
    for (const { groupKey, role } of rows) {
      if (role === 'member') empty.memberOf.add(groupKey);
      else empty.curates.add(groupKey);
      if (role === 'anchor') empty.anchors.add(groupKey);
    }
    return empty;
  }
}
