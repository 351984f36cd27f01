import type { Roles } from '../auth/roles.js';

/** What the policies need to know about a peer-exchange request. */
export interface PeerExchangeRequestFacts {
  requesterKey: string;
}

/**
 * Who may do what in the peer-exchange workflow; the mutations ask here and
 * nowhere else. Business rules that are not about who the caller is (an
 * expert cannot answer their own request, a request must be OPEN to take
 * offers…) are the service's, returned as user errors.
 */
export const peerExchangePolicy = {
  /** Post a request for help: any signed-in person. */
  canRequest(roles: Roles): boolean {
    return roles.isSignedIn;
  },

  /** Offer help on a request: any signed-in person (the service refuses the requester's own offers). */
  canOffer(roles: Roles): boolean {
    return roles.isSignedIn;
  },

  /** Withdraw an offer: the expert who made it, and admins. */
  canWithdrawOffer(roles: Roles, offer: { expertKey: string }): boolean {
    return roles.isAdmin || roles.isPerson(offer.expertKey);
  },

  /** Accept or decline offers, complete or withdraw the request: its requester, and admins. */
  canManage(roles: Roles, request: PeerExchangeRequestFacts): boolean {
    return roles.isAdmin || roles.isPerson(request.requesterKey);
  },
};
