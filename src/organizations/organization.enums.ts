/** What kind of body an organisation is. */
export enum OrganizationKind {
  NATIONAL_GOVERNMENT = 'national_government',
  SUBNATIONAL_GOVERNMENT = 'subnational_government',
  PARLIAMENT = 'parliament',
  CIVIL_SOCIETY = 'civil_society',
  PRIVATE_SECTOR = 'private_sector',
  MULTILATERAL = 'multilateral',
  ACADEMIA = 'academia',
}
