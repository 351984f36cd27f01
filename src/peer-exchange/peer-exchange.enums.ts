/** How a peer exchange would take place. */
export enum PeerExchangeFormat {
  VIRTUAL = 'virtual',
  IN_PERSON = 'in_person',
  DOCUMENT_REVIEW = 'document_review',
  STUDY_VISIT = 'study_visit',
}

/** Where a peer-exchange request is in its life. */
export enum PeerExchangeStatus {
  OPEN = 'open',
  MATCHED = 'matched',
  COMPLETED = 'completed',
  WITHDRAWN = 'withdrawn',
}

/** What became of an expert's offer. */
export enum PeerExchangeOfferStatus {
  PENDING = 'pending',
  ACCEPTED = 'accepted',
  DECLINED = 'declined',
  WITHDRAWN = 'withdrawn',
}
