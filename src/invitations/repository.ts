import type { Db } from '../db/database';
import { type PreparedRunner, prepared } from '../db/prepared';
import { lastSubmittedId } from '../submissions/last-version';

const byTokenHash = prepared((db: Db, hash: string) =>
  db
    .selectFrom('invitation_tokens as k')
    .innerJoin('invitations as i', 'i.id', 'k.invitation_id')
    .innerJoin('agencies as a', 'a.id', 'i.agency_id')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .select(['k.token_hash', 'k.revoked_at', 'i.revoked_at as invitation_revoked_at', 'i.id', 'i.consultation_id', 'i.agency_id', 'a.name as agency_name', 'c.status'])
    .where('k.token_hash', '=', hash),
);

/**
 * Invitations: one per agency and consultation, with the hashes of the links sent. Build it on the
 * caller's transaction when writing: a query on the outer handle would wait for that transaction.
 */
export function createInvitationsRepository(db: Db, q: PreparedRunner) {
  return {
    /** A personal link's invitation, by the SHA-256 of its token (src/invitations/access.ts decides what it opens). */
    byTokenHash: (hash: string) => q.first(byTokenHash, hash),

    /** An invitation of the consultation, with its agency's name. */
    async withAgency(consultationId: number, invitationId: number) {
      return db
        .selectFrom('invitations as i')
        .innerJoin('agencies as a', 'a.id', 'i.agency_id')
        .select(['i.id', 'i.agency_id', 'a.name'])
        .where('i.id', '=', invitationId)
        .where('i.consultation_id', '=', consultationId)
        .executeTakeFirst();
    },

    /** The agency's invitation to a consultation, made once; asking again reinstates a revoked one. */
    async ensure(consultationId: number, agencyId: number, at: string): Promise<number> {
      const row = await db
        .insertInto('invitations')
        .values({ consultation_id: consultationId, agency_id: agencyId, token_hash: null, created_at: at, sent_at: null, opened_at: null, revoked_at: null, last_reminded_at: null })
        .onConflict((oc) => oc.columns(['consultation_id', 'agency_id']).doUpdateSet({ revoked_at: null }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async addToken(invitationId: number, tokenHash: string, at: string): Promise<void> {
      await db.insertInto('invitation_tokens').values({ invitation_id: invitationId, token_hash: tokenHash, created_at: at, revoked_at: null }).execute();
    },

    /** Revoking closes every link the agency was ever sent for this consultation. */
    async revoke(id: number, at: string): Promise<void> {
      await db.updateTable('invitations').set({ revoked_at: at }).where('id', '=', id).execute();
      await db.updateTable('invitation_tokens').set({ revoked_at: at }).where('invitation_id', '=', id).where('revoked_at', 'is', null).execute();
    },

    async markSent(id: number, at: string): Promise<void> {
      await db.updateTable('invitations').set({ sent_at: at }).where('id', '=', id).execute();
    },

    async markReminded(ids: number[], at: string): Promise<void> {
      if (ids.length) await db.updateTable('invitations').set({ last_reminded_at: at }).where('id', 'in', ids).execute();
    },

    async markOpened(id: number, at: string): Promise<void> {
      await db.updateTable('invitations').set({ opened_at: at }).where('id', '=', id).where('opened_at', 'is', null).execute();
    },

    /** The invitation behind a personal link, whatever its state (revoked ones included, to say so). */
    async findByTokenHash(tokenHash: string) {
      return db
        .selectFrom('invitation_tokens as k')
        .innerJoin('invitations as i', 'i.id', 'k.invitation_id')
        .innerJoin('agencies as a', 'a.id', 'i.agency_id')
        .select(['i.id', 'i.consultation_id', 'i.agency_id', 'i.opened_at', 'a.name as agency_name', 'k.revoked_at'])
        .where('k.token_hash', '=', tokenHash)
        .executeTakeFirst();
    },

    async findInConsultation(consultationId: number, id: number) {
      return db.selectFrom('invitations').selectAll().where('consultation_id', '=', consultationId).where('id', '=', id).executeTakeFirst();
    },

    /** Every invitation of a consultation with what the dashboard needs to say where it stands. */
    async listWithProgress(consultationId: number) {
      return db
        .selectFrom('invitations as i')
        .innerJoin('agencies as a', 'a.id', 'i.agency_id')
        // The agency's last submitted version is the one that counts.
        .leftJoin('submissions as last', (join) => join.onRef('last.invitation_id', '=', 'i.id').on('last.id', '=', lastSubmittedId('i.id')))
        // …and its latest invitation mail says whether the link reached it.
        .leftJoin('outbox as mail', (join) =>
          join.onRef('mail.invitation_id', '=', 'i.id').on('mail.id', '=', (eb) =>
            eb.selectFrom('outbox as o').select('o.id').whereRef('o.invitation_id', '=', 'i.id').where('o.template', '=', 'invitation').orderBy('o.id', 'desc').limit(1),
          ),
        )
        .select([
          'i.id', 'i.agency_id', 'a.name as agency_name', 'i.created_at', 'i.sent_at', 'i.opened_at', 'i.revoked_at', 'i.last_reminded_at',
          'mail.state as mail_state', 'mail.last_error as mail_error',
          (eb) =>
            eb.selectFrom('submissions as s').whereRef('s.invitation_id', '=', 'i.id').where('s.state', '=', 'draft')
              .select('s.saved_at').orderBy('s.id', 'desc').limit(1).as('draft_saved_at'),
          'last.submitted_at', 'last.agree_without_comments as agreed', 'last.late', 'last.receipt_number',
        ])
        .where('i.consultation_id', '=', consultationId)
        .orderBy('i.id')
        .execute();
    },

    async agencyEmails(agencyIds: number[]) {
      if (agencyIds.length === 0) return [];
      return db.selectFrom('agency_emails').select(['agency_id', 'email']).where('agency_id', 'in', agencyIds).orderBy('agency_id').orderBy('position').execute();
    },
  };
}

export type InvitationsRepository = ReturnType<typeof createInvitationsRepository>;
export type InvitationProgressRow = Awaited<ReturnType<InvitationsRepository['listWithProgress']>>[number];
