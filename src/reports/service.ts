import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import type { Owned } from '../office/owned';
import type { Uow } from '../repositories';
import { isPastDeadline } from '../time';
import { buildReport, type ReportOptions } from './builder';
import type { ReportModel } from './model';
import { type DomainError, NotFound, Conflict } from '../errors';

/** The consolidated report: built from the database on request, published once every comment is answered. */
export function createReportsService(deps: { uow: Uow; owned: Owned; clock: Clock }) {
  const { uow, clock } = deps;
  const build = (consultationId: number, options: ReportOptions = {}) => uow.read((r) => buildReport(r, consultationId, clock.now(), options));

  async function own(user: StaffUser, consultationId: number) {
    const c = await deps.owned(user, consultationId);
    if (c.status === 'draft') throw new NotFound('consultation.not_found');
    return c;
  }

  /** Why the report cannot be published yet, if it cannot; `pendingPublic` is how many public comments wait for moderation. */
  function refusalOf(c: { status: string; deadline_at: string; closed_at: string | null }, model: ReportModel, pendingPublic: number): DomainError | null {
    if (c.status === 'report_published') return new Conflict({ _form: { key: 'consultation.report_done' } });
    if (!isPastDeadline(c, clock.now())) return new Conflict({ _form: { key: 'report.not_closed' } });
    const unanswered = model.counts.comments - model.counts.answered;
    if (unanswered > 0) return new Conflict({ _form: { key: 'report.unanswered', vars: { n: unanswered } } });
    // A comment still waiting for moderation would be left out of section III, and never answered.
    if (pendingPublic > 0) return new Conflict({ _form: { key: 'public_answers.pending', vars: { n: pendingPublic } } });
    const unansweredGroups = model.counts.publicGroups - model.counts.publicAnswered;
    if (unansweredGroups > 0) return new Conflict({ _form: { key: 'public_answers.unanswered', vars: { n: unansweredGroups } } });
    return null;
  }

  const pendingPublic = (consultationId: number) => uow.read((r) => r.publicComments.countInState(consultationId, 'pending'));

  return {
    /** Refuses, as NotFound, an officer of another office (and a consultation not yet published). */
    async checkOwn(user: StaffUser, consultationId: number): Promise<void> {
      await own(user, consultationId);
    },

    async forOffice(user: StaffUser, consultationId: number, options: ReportOptions = {}): Promise<ReportModel> {
      await own(user, consultationId);
      return (await build(consultationId, options))!;
    },

    /** The published report, for everyone; null until the office publishes it. */
    async published(consultationId: number, options: ReportOptions = {}): Promise<ReportModel | null> {
      const c = await uow.read((r) => r.office.statusOf(consultationId));
      if (c !== 'report_published') return null;
      return build(consultationId, options);
    },

    /** The report as it would be published, and why publishing it would be refused, if it would: nothing is written. */
    async publishPreview(user: StaffUser, consultationId: number): Promise<{ model: ReportModel; refusal: DomainError | null }> {
      const c = await own(user, consultationId);
      const model = (await build(consultationId))!;
      return { model, refusal: refusalOf(c, model, await pendingPublic(consultationId)) };
    },

    async publish(user: StaffUser, consultationId: number): Promise<ReportModel> {
      const c = await own(user, consultationId);
      const model = (await build(consultationId))!;
      const refusal = refusalOf(c, model, await pendingPublic(consultationId));
      if (refusal) throw refusal;
      const at = clock.now().toISOString();
      await uow.write(async (r) => {
        await r.office.update(consultationId, { status: 'report_published', report_published_at: at });
        await r.audit.record({ actorKind: 'user', actorId: user.id, action: 'report.publish', entity: 'consultation', entityId: consultationId, details: { comments: model.counts.comments, publicComments: model.counts.publicComments }, at });
      });
      return (await build(consultationId))!;
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
