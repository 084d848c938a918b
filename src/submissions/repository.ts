import { sql } from 'kysely';
import { createAttachmentsRepository } from '../attachments/repository';
import type { Db } from '../db/database';
import { type PreparedRunner, prepared } from '../db/prepared';

export interface SubmissionContent {
  generalComment: string | null;
  agreeWithoutComments: boolean;
  letter: { number: string | null; date: string | null; signer: string | null; title: string | null; attachmentId: number | null };
  comments: { clauseId: number; text: string; proposedText: string | null }[];
  savedBy: string | null;
}

// The queries of every save, prepared once (src/db/prepared.ts).
const draftOf = prepared((db: Db, invitationId: number) => db.selectFrom('submissions').selectAll().where('invitation_id', '=', invitationId).where('state', '=', 'draft'));
const deleteComments = prepared((db: Db, submissionId: number) => db.deleteFrom('comments').where('submission_id', '=', submissionId));
const insertComment = prepared((db: Db, submissionId: number, clauseId: number, text: string, proposedText: string | null, position: number) =>
  db.insertInto('comments').values({ submission_id: submissionId, clause_id: clauseId, text, proposed_text: proposedText, position }),
);
type Columns = [string | null, number, string | null, string | null, string | null, string | null, number | null, string | null];
const updateDraft = prepared((db: Db, id: number, savedAt: string, ...c: Columns) =>
  db
    .updateTable('submissions')
    .set({ general_comment: c[0], agree_without_comments: c[1], letter_number: c[2], letter_date: c[3], letter_signer: c[4], letter_signer_title: c[5], letter_attachment_id: c[6], saved_by: c[7], saved_at: savedAt })
    .where('id', '=', id),
);

const columnValues = (content: SubmissionContent): Columns => [
  content.generalComment,
  content.agreeWithoutComments ? 1 : 0,
  content.letter.number,
  content.letter.date,
  content.letter.signer,
  content.letter.title,
  content.letter.attachmentId,
  content.savedBy,
];

/**
 * An agency's reply: one working draft per invitation (state 'draft', revision 0), and every
 * submitted version kept (revision 1, 2, …). Build it on the caller's transaction when writing.
 */
export function createSubmissionsRepository(db: Db, q: PreparedRunner) {
  async function replaceComments(submissionId: number, comments: SubmissionContent['comments']) {
    await q.run(deleteComments, submissionId);
    for (const [position, c] of comments.entries()) await q.run(insertComment, submissionId, c.clauseId, c.text, c.proposedText, position);
  }

  const columns = (content: SubmissionContent) => ({
    general_comment: content.generalComment,
    agree_without_comments: content.agreeWithoutComments ? 1 : 0,
    letter_number: content.letter.number,
    letter_date: content.letter.date,
    letter_signer: content.letter.signer,
    letter_signer_title: content.letter.title,
    letter_attachment_id: content.letter.attachmentId,
    saved_by: content.savedBy,
  });

  return {
    /** The printed labels of clauses, for a receipt's summary. */
    async clauseLabels(ids: readonly number[]): Promise<{ id: number; label: string | null }[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('clauses').select(['id', 'label']).where('id', 'in', ids).execute();
    },

    async findDraft(invitationId: number) {
      return q.first(draftOf, invitationId);
    },

    /** Saves the working draft: the last save wins, and records who saved it and when. */
    async saveDraft(invitationId: number, content: SubmissionContent, at: string): Promise<number> {
      const existing = await this.findDraft(invitationId);
      let id: number;
      if (existing) {
        id = existing.id;
        await q.run(updateDraft, id, at, ...columnValues(content));
      } else {
        id = (
          await db
            .insertInto('submissions')
            .values({ invitation_id: invitationId, state: 'draft', revision: 0, ...columns(content), saved_at: at, submitted_at: null, receipt_number: null, entered_by_user_id: null })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      }
      await replaceComments(id, content.comments);
      return id;
    },

    /**
     * The office's next receipt number of the year, taken inside the caller's transaction: the
     * counter row is written (and on PostgreSQL locked) until it commits, and a rolled-back
     * submission gives its number back, so numbers run without gaps under concurrency.
     */
    async nextReceiptNumber(officeId: number, year: number): Promise<number> {
      const row = await db
        .insertInto('receipt_counters')
        .values({ office_id: officeId, year, last_number: 1 })
        .onConflict((oc) => oc.columns(['office_id', 'year']).doUpdateSet({ last_number: sql`receipt_counters.last_number + 1` }))
        .returning('last_number')
        .executeTakeFirstOrThrow();
      return row.last_number;
    },

    async insertSubmitted(
      invitationId: number,
      content: SubmissionContent,
      meta: { revision: number; submittedAt: string; late: boolean; enteredByUserId: number | null; receiptNumber: string },
    ) {
      const { id } = await db
        .insertInto('submissions')
        .values({
          invitation_id: invitationId,
          state: 'submitted',
          revision: meta.revision,
          ...columns(content),
          saved_at: meta.submittedAt,
          submitted_at: meta.submittedAt,
          late: meta.late ? 1 : 0,
          receipt_number: meta.receiptNumber,
          entered_by_user_id: meta.enteredByUserId,
          entered_by_office: meta.enteredByUserId === null ? 0 : 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceComments(id, content.comments);
      // A submitted general comment is also a comment (no clause), so it can be answered in the report.
      if (content.generalComment?.trim()) {
        await db.insertInto('comments').values({ submission_id: id, clause_id: null, text: content.generalComment.trim(), proposed_text: null, position: -1 }).execute();
      }
      return { id, receiptNumber: meta.receiptNumber };
    },

    async lastRevision(invitationId: number): Promise<number> {
      const row = await db
        .selectFrom('submissions')
        .select((eb) => eb.fn.max('revision').as('n'))
        .where('invitation_id', '=', invitationId)
        .where('state', '=', 'submitted')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async submitted(invitationId: number) {
      return db
        .selectFrom('submissions as s')
        .leftJoin('users as u', 'u.id', 's.entered_by_user_id')
        .selectAll('s')
        .select('u.name as entered_by_name')
        .where('s.invitation_id', '=', invitationId)
        .where('s.state', '=', 'submitted')
        .orderBy('s.revision', 'desc')
        .execute();
    },

    /** A submission's comments on clauses, in the order written (its general comment is on the submission). */
    async comments(submissionId: number) {
      return db
        .selectFrom('comments as c')
        .leftJoin('clauses as k', 'k.id', 'c.clause_id')
        .select(['c.id', 'c.clause_id', 'c.text', 'c.proposed_text', 'c.position', 'k.label as clause_label', 'k.heading as clause_heading', 'k.anchor as clause_anchor'])
        .where('c.submission_id', '=', submissionId)
        .where('c.clause_id', 'is not', null)
        .orderBy('c.position')
        .execute();
    },

    /** The clause ids of a draft version: a comment may only name one of these. */
    async clauseIdsOf(draftVersionId: number): Promise<Set<number>> {
      const rows = await db.selectFrom('clauses').select('id').where('draft_version_id', '=', draftVersionId).execute();
      return new Set(rows.map((r) => r.id));
    },

    /** A reply letter is a private attachment of the consultation. */
    async insertLetter(consultationId: number, file: { filename: string; contentType: string; size: number; sha256: string; storageKey: string }) {
      return createAttachmentsRepository(db).insert({ ...file, consultationId, kind: 'reply_letter', title: null, isPublic: false });
    },

    async attachment(id: number) {
      return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    },
  };
}

export type SubmissionsRepository = ReturnType<typeof createSubmissionsRepository>;
export type SubmissionRow = NonNullable<Awaited<ReturnType<SubmissionsRepository['findDraft']>>>;
