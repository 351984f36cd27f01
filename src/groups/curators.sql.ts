import { sql } from '../db/sql.js';

/**
 * Everyone who curates a group now, as rows (working_group_id, person_id,
 * via): the lead contacts of current anchorships ('anchor'), and people with
 * a live appointment ('appointed') whose appointing anchorship, if any, is
 * still current. The one definition of "curator" every check reads.
 */
export const currentCurators = sql`(
  select a.working_group_id, a.lead_contact_id as person_id, 'anchor' as via
  from anchorship a where a.ends_on is null and a.lead_contact_id is not null
  union all
  select ca.working_group_id, ca.person_id, 'appointed'
  from curator_appointment ca left join anchorship a on a.id = ca.anchorship_id
  where ca.ended_at is null and (ca.anchorship_id is null or a.ends_on is null)
)`;
