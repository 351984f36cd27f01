/** A country's standing in the Open Government Partnership. */
export enum OgpStatus {
  MEMBER = 'member',
  INACTIVE = 'inactive',
  NOT_A_MEMBER = 'not_a_member',
}
