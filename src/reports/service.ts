import { recordAudit } from '../audit/repository';
import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import { isPastDeadline } from '../time';
import { buildReport, type ReportOptions } from './builder';
import type { ReportModel } from './model';
import { type DomainError, NotFound, Conflict } from '../errors';

/** The consolidated report: built from the database on request, published once every comment is answered. */
export function createReportsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function own(user: StaffUser, consultationId: number) {
    const c = await db.selectFrom('consultations').select(['id', 'status', 'deadline_at', 'closed_at']).where('id', '=', consultationId).where('office_id', '=', user.officeId).executeTakeFirst();
    if (!c || c.status === 'draft') throw new NotFound('consultation.not_found');
    return c;
  }

  function refusalOf(c: { status: string; deadline_at: string; closed_at: string | null }, model: ReportModel): DomainError | null {
    if (c.status === 'report_published') return new Conflict({ _form: { key: 'consultation.report_done' } });
    if (!isPastDeadline(c, clock.now())) return new Conflict({ _form: { key: 'report.not_closed' } });
    const unanswered = model.counts.comments - model.counts.answered;
    if (unanswered > 0) return new Conflict({ _form: { key: 'report.unanswered', vars: { n: unanswered } } });
    return null;
  }

  return {
    /** Refuses, as NotFound, an officer of another office (and a consultation not yet published). */
    async checkOwn(user: StaffUser, consultationId: number): Promise<void> {
      await own(user, consultationId);
    },

    async forOffice(user: StaffUser, consultationId: number, options: ReportOptions = {}): Promise<ReportModel> {
      await own(user, consultationId);
      return (await buildReport(db, consultationId, clock.now(), options))!;
    },

    /** The published report, for everyone; null until the office publishes it. */
    async published(consultationId: number, options: ReportOptions = {}): Promise<ReportModel | null> {
      const c = await db.selectFrom('consultations').select('status').where('id', '=', consultationId).executeTakeFirst();
      if (c?.status !== 'report_published') return null;
      return buildReport(db, consultationId, clock.now(), options);
    },

    /** The report as it would be published, and why publishing it would be refused, if it would: nothing is written. */
    async publishPreview(user: StaffUser, consultationId: number): Promise<{ model: ReportModel; refusal: DomainError | null }> {
      const c = await own(user, consultationId);
      const model = (await buildReport(db, consultationId, clock.now()))!;
      return { model, refusal: refusalOf(c, model) };
    },

    async publish(user: StaffUser, consultationId: number): Promise<ReportModel> {
      const c = await own(user, consultationId);
      const model = (await buildReport(db, consultationId, clock.now()))!;
      const refusal = refusalOf(c, model);
      if (refusal) throw refusal;
      const at = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('consultations').set({ status: 'report_published', report_published_at: at }).where('id', '=', consultationId).execute();
        await recordAudit(trx, { actorKind: 'user', actorId: user.id, action: 'report.publish', entity: 'consultation', entityId: consultationId, details: { comments: model.counts.comments }, at });
      });
      return (await buildReport(db, consultationId, clock.now()))!;
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
