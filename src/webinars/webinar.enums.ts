/** Where a webinar is in its life. */
export enum WebinarStatus {
  SCHEDULED = 'scheduled',
  RESCHEDULED = 'rescheduled',
  CANCELLED = 'cancelled',
  HELD = 'held',
}
