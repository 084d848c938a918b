import type { Db } from '../db/database';
import { type PreparedRunner, prepared } from '../db/prepared';
import type { NewConsultation } from '../db/tables';

// What every public page reads, prepared once (src/db/prepared.ts).
const publishedById = prepared((db: Db, id: number) =>
  db
    .selectFrom('consultations as c')
    .innerJoin('offices as o', 'o.id', 'c.office_id')
    .selectAll('c')
    .select(['o.name as office_name', 'o.parent_name as office_parent_name', 'o.short_name as office_short_name'])
    .where('c.id', '=', id)
    .where('c.status', '!=', 'draft'),
);
const recipientLinesOf = prepared((db: Db, consultationId: number) =>
  db.selectFrom('consultation_recipients').select(['id', 'label', 'agency_id', 'group_id']).where('consultation_id', '=', consultationId).orderBy('position'),
);
const groupMembersOf = prepared((db: Db, consultationId: number) =>
  db
    .selectFrom('consultation_recipients as r')
    .innerJoin('agency_group_members as m', 'm.group_id', 'r.group_id')
    .innerJoin('agencies as a', 'a.id', 'm.agency_id')
    .select(['r.id as line_id', 'a.id as agency_id', 'a.name as agency_name'])
    .where('r.consultation_id', '=', consultationId)
    .orderBy('r.position')
    .orderBy('m.position'),
);
const publicAttachmentsOf = prepared((db: Db, consultationId: number) =>
  db
    .selectFrom('attachments')
    .select(['id', 'kind', 'title', 'filename', 'content_type', 'size', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .where('is_public', '=', 1)
    .orderBy('id'),
);

export function createConsultationsRepository(db: Db, q: PreparedRunner) {
  const withOffice = () =>
    db
      .selectFrom('consultations as c')
      .innerJoin('offices as o', 'o.id', 'c.office_id')
      .selectAll('c')
      .select(['o.name as office_name', 'o.parent_name as office_parent_name', 'o.short_name as office_short_name']);

  return {
    async insert(values: NewConsultation): Promise<number> {
      const row = await db.insertInto('consultations').values(values).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },

    /** Consultations the public may see: every one that has been published. */
    async listPublished() {
      return withOffice().where('c.status', '!=', 'draft').orderBy('c.deadline_at', 'asc').orderBy('c.id', 'asc').execute();
    },

    async findPublished(id: number) {
      return q.first(publishedById, id);
    },

    /** A consultation whatever its status: only for an office that has already been checked to own it. */
    async findAnyStatus(id: number) {
      return withOffice().where('c.id', '=', id).executeTakeFirst();
    },

    /** Appends "Kính gửi" lines; `from` is the position of the first (the count of lines already there). */
    async insertRecipients(consultationId: number, lines: { label: string; agencyId: number | null; groupId: number | null }[], from = 0) {
      if (lines.length === 0) return;
      await db
        .insertInto('consultation_recipients')
        .values(lines.map((l, i) => ({ consultation_id: consultationId, position: from + i, label: l.label, agency_id: l.agencyId, group_id: l.groupId })))
        .execute();
    },

    async recipientLines(consultationId: number) {
      return q.all(recipientLinesOf, consultationId);
    },

    /** The member agencies of the groups named by a consultation's recipient lines. */
    async groupMembers(consultationId: number) {
      return q.all(groupMembersOf, consultationId);
    },

    async publicAttachments(consultationId: number) {
      return q.all(publicAttachmentsOf, consultationId);
    },

    async countAll(): Promise<number> {
      const row = await db.selectFrom('consultations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type ConsultationsRepository = ReturnType<typeof createConsultationsRepository>;
