import type { Db } from '../db/database';
import type { ConsultationUpdate } from '../db/tables';

/** The office's own view of its consultations: every query is scoped by office. */
export function createOfficeConsultationsRepository(db: Db) {
  return {
    async listForOffice(officeId: number) {
      return db
        .selectFrom('consultations as c')
        .select([
          'c.id', 'c.number', 'c.subject', 'c.status', 'c.deadline_at', 'c.deadline_rule', 'c.is_demo', 'c.created_at', 'c.published_at',
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

    async findForOffice(officeId: number, id: number) {
      return db.selectFrom('consultations').selectAll().where('office_id', '=', officeId).where('id', '=', id).executeTakeFirst();
    },

    async update(id: number, values: ConsultationUpdate) {
      await db.updateTable('consultations').set(values).where('id', '=', id).execute();
    },

    async deleteRecipients(consultationId: number) {
      await db.deleteFrom('consultation_recipients').where('consultation_id', '=', consultationId).execute();
    },

    async attachments(consultationId: number) {
      return db.selectFrom('attachments').selectAll().where('consultation_id', '=', consultationId).orderBy('id').execute();
    },
  };
}

export type OfficeConsultationsRepository = ReturnType<typeof createOfficeConsultationsRepository>;
