import { createAttachmentsRepository } from '../attachments/repository';
import type { Db } from '../db/database';

export interface SubmissionContent {
  generalComment: string | null;
  agreeWithoutComments: boolean;
  letter: { number: string | null; date: string | null; signer: string | null; title: string | null; attachmentId: number | null };
  comments: { clauseId: number; text: string; proposedText: string | null }[];
  savedBy: string | null;
}

/**
 * An agency's reply: one working draft per invitation (state 'draft', revision 0), and every
 * submitted version kept (revision 1, 2, …). Build it on the caller's transaction when writing.
 */
export function createSubmissionsRepository(db: Db) {
  async function replaceComments(submissionId: number, comments: SubmissionContent['comments']) {
    await db.deleteFrom('comments').where('submission_id', '=', submissionId).execute();
    if (comments.length === 0) return;
    await db
      .insertInto('comments')
      .values(comments.map((c, position) => ({ submission_id: submissionId, clause_id: c.clauseId, text: c.text, proposed_text: c.proposedText, position })))
      .execute();
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
    async findDraft(invitationId: number) {
      return db.selectFrom('submissions').selectAll().where('invitation_id', '=', invitationId).where('state', '=', 'draft').executeTakeFirst();
    },

    /** Saves the working draft: the last save wins, and records who saved it and when. */
    async saveDraft(invitationId: number, content: SubmissionContent, at: string): Promise<number> {
      const existing = await this.findDraft(invitationId);
      let id: number;
      if (existing) {
        id = existing.id;
        await db.updateTable('submissions').set({ ...columns(content), saved_at: at }).where('id', '=', id).execute();
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

    async insertSubmitted(
      invitationId: number,
      content: SubmissionContent,
      meta: { revision: number; submittedAt: string; late: boolean; enteredByUserId: number | null; receiptPrefix: string },
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
          receipt_number: null,
          entered_by_user_id: meta.enteredByUserId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const receiptNumber = `${meta.receiptPrefix}-${String(id).padStart(6, '0')}`;
      await db.updateTable('submissions').set({ receipt_number: receiptNumber }).where('id', '=', id).execute();
      await replaceComments(id, content.comments);
      // A submitted general comment is also a comment (no clause), so it can be answered in the report.
      if (content.generalComment?.trim()) {
        await db.insertInto('comments').values({ submission_id: id, clause_id: null, text: content.generalComment.trim(), proposed_text: null, position: -1 }).execute();
      }
      return { id, receiptNumber };
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
