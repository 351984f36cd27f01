/** Where a working group is in its life. */
export enum WorkingGroupStatus {
  PROPOSED = 'proposed',
  PILOT = 'pilot',
  ACTIVE = 'active',
  ARCHIVED = 'archived',
}

/** The side of the partnership an anchor speaks for. */
export enum AnchorSector {
  GOVERNMENT = 'government',
  CIVIL_SOCIETY = 'civil_society',
}
