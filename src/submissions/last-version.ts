import { type RawBuilder, sql } from 'kysely';

/**
 * The id of an invitation's last submitted version — the one that counts for the dashboard, the
 * report and the answers. `invitationColumn` names the invitation id in the surrounding query.
 */
export function lastSubmittedId(invitationColumn: string): RawBuilder<number> {
  return sql<number>`(select x.id from submissions as x where x.invitation_id = ${sql.ref(invitationColumn)} and x.state = 'submitted' order by x.revision desc limit 1)`;
}
