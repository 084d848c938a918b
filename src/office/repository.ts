import { createAttachmentsRepository } from '../attachments/repository';
import type { Db } from '../db/database';
import { type PreparedRunner, prepared } from '../db/prepared';
import { sql } from 'kysely';
import type { AttachmentKind, ConsultationStatus, ConsultationUpdate } from '../db/tables';

const withOfficeById = prepared((db: Db, id: number) =>
  db.selectFrom('consultations as c').innerJoin('offices as o', 'o.id', 'c.office_id').selectAll('c').select('o.name as office_name').where('c.id', '=', id),
);

/** The office's own view of its consultations: every query is scoped by office. */
export function createOfficeConsultationsRepository(db: Db, q: PreparedRunner) {
  return {
    async listForOffice(officeId: number) {
      return db
        .selectFrom('consultations as c')
        .select([
          'c.id', 'c.number', 'c.subject', 'c.status', 'c.deadline_at', 'c.closed_at', 'c.deadline_rule', 'c.is_demo', 'c.created_at', 'c.published_at',
          (eb) => eb.selectFrom('invitations as i').whereRef('i.consultation_id', '=', 'c.id').where('i.revoked_at', 'is', null).select(eb.fn.countAll<number>().as('n')).as('invited'),
          (eb) =>
            eb
              .selectFrom('invitations as i')
              .whereRef('i.consultation_id', '=', 'c.id')
              .where((w) => w.exists(w.selectFrom('submissions as s').whereRef('s.invitation_id', '=', 'i.id').where('s.state', '=', 'submitted').select('s.id')))
              .select(eb.fn.countAll<number>().as('n'))
              .as('replied'),
        ])
        .where('c.office_id', '=', officeId)
        .orderBy('c.id', 'desc')
        .execute();
    },

    /** When the officer last viewed the office's dashboard; null before the first time. */
    async officeSeenAt(userId: number): Promise<string | null> {
      const row = await db.selectFrom('users').select('office_seen_at').where('id', '=', userId).executeTakeFirst();
      return row?.office_seen_at ?? null;
    },

    async recordOfficeVisit(userId: number, at: string): Promise<void> {
      await db.updateTable('users').set({ office_seen_at: at }).where('id', '=', userId).execute();
    },

    /** Submitted versions received after an instant, per consultation of the office. */
    async submissionsSince(officeId: number, since: string): Promise<Map<number, number>> {
      const rows = await db
        .selectFrom('submissions as s')
        .innerJoin('invitations as i', 'i.id', 's.invitation_id')
        .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
        .select(['c.id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('c.office_id', '=', officeId)
        .where('s.state', '=', 'submitted')
        .where('s.submitted_at', '>', since)
        .groupBy('c.id')
        .execute();
      return new Map(rows.map((r) => [r.id, Number(r.n)]));
    },

    /** The tenant check: the consultation if it belongs to the office, else undefined. The only one there is. */
    async ownedBy(officeId: number, id: number) {
      return db
        .selectFrom('consultations as c')
        .innerJoin('offices as o', 'o.id', 'c.office_id')
        .selectAll('c')
        .select('o.name as office_name')
        .where('c.office_id', '=', officeId)
        .where('c.id', '=', id)
        .executeTakeFirst();
    },

    /** A consultation with its office's name, whoever asks (an agency's link has already been checked). */
    async findWithOffice(id: number) {
      return q.first(withOfficeById, id);
    },

    async openConsultations() {
      return db
        .selectFrom('consultations as c')
        .innerJoin('offices as o', 'o.id', 'c.office_id')
        .selectAll('c')
        .select('o.name as office_name')
        .where('c.status', '=', 'open')
        .execute();
    },

    /** The agencies a consultation's "Kính gửi" lines name, groups expanded, each once, in letter order. */
    async recipientAgencies(consultationId: number) {
      const direct = db
        .selectFrom('consultation_recipients as r')
        .innerJoin('agencies as a', 'a.id', 'r.agency_id')
        .select(['a.id', 'a.name', 'r.position', sql<number>`-1`.as('member_position')])
        .where('r.consultation_id', '=', consultationId);
      const members = db
        .selectFrom('consultation_recipients as r')
        .innerJoin('agency_group_members as m', 'm.group_id', 'r.group_id')
        .innerJoin('agencies as a', 'a.id', 'm.agency_id')
        .select(['a.id', 'a.name', 'r.position', 'm.position as member_position'])
        .where('r.consultation_id', '=', consultationId)
        .where('a.archived_at', 'is', null);
      const rows = await direct.unionAll(members).orderBy('position').orderBy('member_position').execute();
      const seen = new Set<number>();
      return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map((r) => ({ id: r.id, name: r.name }));
    },

    async agenciesWithoutEmail(agencyIds: number[]) {
      if (agencyIds.length === 0) return [];
      return db
        .selectFrom('agencies as a')
        .select(['a.id', 'a.name'])
        .where('a.id', 'in', agencyIds)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('agency_emails as e').whereRef('e.agency_id', '=', 'a.id').select('e.id'))))
        .execute();
    },

    async ownAgencies(officeId: number, ids: number[]) {
      if (ids.length === 0) return [];
      return db.selectFrom('agencies').select(['id', 'name']).where('office_id', '=', officeId).where('id', 'in', ids).execute();
    },

    async ownGroups(officeId: number, ids: number[]) {
      if (ids.length === 0) return [];
      return db.selectFrom('agency_groups').select(['id', 'name']).where('office_id', '=', officeId).where('id', 'in', ids).execute();
    },

    async recipientLineCount(consultationId: number): Promise<number> {
      const row = await db.selectFrom('consultation_recipients').select((eb) => eb.fn.countAll<number>().as('n')).where('consultation_id', '=', consultationId).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insertAttachment(consultationId: number, file: { kind: AttachmentKind; title?: string | null; filename: string; contentType: string; size: number; sha256: string; storageKey: string }, isPublic: boolean) {
      return createAttachmentsRepository(db).insert({ ...file, consultationId, title: file.title ?? null, isPublic });
    },

    /** Files of drafts that were replaced are kept for the office alone: only the draft in use is published. */
    async withdrawDraftSources(consultationId: number) {
      await db.updateTable('attachments').set({ is_public: 0 }).where('consultation_id', '=', consultationId).where('kind', '=', 'draft_source').execute();
    },

    async findAttachment(consultationId: number, id: number) {
      return db.selectFrom('attachments').selectAll().where('consultation_id', '=', consultationId).where('id', '=', id).executeTakeFirst();
    },

    /** Marks the automatic reminder as sent, once: false when it already was (by this or another instance). */
    async claimAutoReminder(id: number, at: string): Promise<boolean> {
      const result = await db.updateTable('consultations').set({ auto_reminder_at: at }).where('id', '=', id).where('auto_reminder_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async statusOf(id: number): Promise<ConsultationStatus | undefined> {
      return (await db.selectFrom('consultations').select('status').where('id', '=', id).executeTakeFirst())?.status;
    },

    async update(id: number, values: ConsultationUpdate) {
      await db.updateTable('consultations').set(values).where('id', '=', id).execute();
    },

    async deleteRecipients(consultationId: number) {
      await db.deleteFrom('consultation_recipients').where('consultation_id', '=', consultationId).execute();
    },

    /** The office's own files of a consultation; an agency's reply letter belongs to its submission, not here. */
    async attachments(consultationId: number) {
      return db.selectFrom('attachments').selectAll().where('consultation_id', '=', consultationId).where('kind', '!=', 'reply_letter').orderBy('id').execute();
    },
  };
}

export type OfficeConsultationsRepository = ReturnType<typeof createOfficeConsultationsRepository>;

export type OwnedConsultation = NonNullable<Awaited<ReturnType<ReturnType<typeof createOfficeConsultationsRepository>['ownedBy']>>>;
