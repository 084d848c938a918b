import { sql } from 'kysely';
import type { Db } from '../db/database';
import { lastSubmittedId } from '../submissions/last-version';

/** The rows a report is built from: what was asked, what the last submitted versions hold, and the answers. */
export function createReportsRepository(db: Db) {
  return {
    async consultation(id: number) {
      return db
        .selectFrom('consultations as c')
        .innerJoin('offices as o', 'o.id', 'c.office_id')
        .selectAll('c')
        .select(['o.name as office_name', 'o.parent_name as office_parent_name', 'o.short_name as office_short_name', 'o.place as office_place'])
        .where('c.id', '=', id)
        .executeTakeFirst();
    },

    /** Every invitation with the agency's last submitted version, if any (that version is the one that counts). */
    async invitations(consultationId: number) {
      return db
        .selectFrom('invitations as i')
        .innerJoin('agencies as a', 'a.id', 'i.agency_id')
        .leftJoin('submissions as s', (join) => join.onRef('s.invitation_id', '=', 'i.id').on('s.id', '=', lastSubmittedId('i.id')))
        .leftJoin('attachments as f', 'f.id', 's.letter_attachment_id')
        .select([
          'i.id', 'i.revoked_at', 'a.name as agency_name',
          's.id as submission_id', 's.letter_number', 's.letter_date', 's.late', 's.agree_without_comments', 's.entered_by_user_id',
          'f.id as letter_file_id', 'f.filename as letter_filename',
        ])
        .where('i.consultation_id', '=', consultationId)
        .orderBy('i.id')
        .execute();
    },

    /**
     * The comments of those versions with their current response, in document order: general comments first, then
     * by clause position; within a clause by invitation (the order agencies were asked), then position in the reply.
     */
    async comments(submissionIds: number[]) {
      if (submissionIds.length === 0) return [];
      return db
        .selectFrom('comments as c')
        .innerJoin('submissions as s', 's.id', 'c.submission_id')
        .leftJoin('clauses as k', 'k.id', 'c.clause_id')
        .leftJoin('responses as r', 'r.comment_id', 'c.id')
        .leftJoin('users as u', 'u.id', 'r.decided_by')
        .leftJoin('clauses as ap', 'ap.id', 'r.applied_clause_id')
        .select(['c.id', 'c.submission_id', 'c.clause_id', 'c.text', 'c.proposed_text', 'r.decision', 'r.explanation', 'r.decided_at', 'u.name as decided_by', 'ap.id as applied_clause_id', 'ap.label as applied_label'])
        .where('c.submission_id', 'in', submissionIds)
        .orderBy(sql`coalesce(k.position, -1)`)
        .orderBy('s.invitation_id')
        .orderBy('c.position')
        .orderBy('c.id')
        .execute();
    },

    /** The clauses those comments are on, once each (a clause's text would otherwise come with every comment). */
    async commentedClauses(submissionIds: number[]) {
      if (submissionIds.length === 0) return [];
      return db
        .selectFrom('clauses')
        .select(['id', 'label', 'heading', 'text', 'anchor', 'draft_version_id'])
        .where('id', 'in', (eb) => eb.selectFrom('comments').select('clause_id').where('submission_id', 'in', submissionIds))
        .execute();
    },

    /** The further parts of those versions (the Quy chế a Quyết định issues): their label and anchor. */
    async attachedParts(draftVersionIds: number[]) {
      if (draftVersionIds.length === 0) return [];
      return db
        .selectFrom('clauses')
        .select(['draft_version_id', 'label', 'heading', 'anchor'])
        .where('draft_version_id', 'in', draftVersionIds)
        .where('kind', '=', 'attached_document')
        .where('parent_id', 'is', null)
        .execute();
    },

    /** The draft version of the round that follows this one, where its comments may have been applied. */
    async followUpVersion(consultationId: number): Promise<number | null> {
      const row = await db
        .selectFrom('consultations as n')
        .innerJoin('draft_versions as v', 'v.consultation_id', 'n.id')
        .select('v.version')
        .where('n.previous_round_id', '=', consultationId)
        // A follow-up still being drafted is the office's alone: the report does not name it.
        .where('n.status', '!=', 'draft')
        .orderBy('v.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.version ?? null;
    },

    async draftVersion(consultationId: number) {
      return db.selectFrom('draft_versions').select(['id', 'version']).where('consultation_id', '=', consultationId).orderBy('version', 'desc').limit(1).executeTakeFirst();
    },
  };
}

export type ReportsRepository = ReturnType<typeof createReportsRepository>;
