/** What a resource is. */
export enum ResourceKind {
  GUIDE = 'guide',
  TOOLKIT = 'toolkit',
  CASE_STUDY = 'case_study',
  REPORT = 'report',
  DATASET = 'dataset',
  COMMITMENT_EXAMPLE = 'commitment_example',
  WEBINAR_RECORDING = 'webinar_recording',
  OTHER = 'other',
}

/** Where a resource is in its review lifecycle. */
export enum ResourceStatus {
  SUBMITTED = 'submitted',
  PUBLISHED = 'published',
  REJECTED = 'rejected',
  ARCHIVED = 'archived',
}
