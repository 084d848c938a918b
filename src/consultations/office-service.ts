import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import { daysLeft } from '../time';
import type { OfficeConsultationsRepository } from './office-repository';
import { publicStatus } from './service';

export function createOfficeConsultationsService(deps: { repo: OfficeConsultationsRepository; clock: Clock }) {
  const { repo, clock } = deps;
  return {
    async list(user: StaffUser) {
      const now = clock.now();
      const rows = await repo.listForOffice(user.officeId);
      return rows.map((c) => ({
        id: c.id,
        number: c.number,
        subject: c.subject,
        status: publicStatus(c, now),
        deadlineAt: c.deadline_at,
        deadlineRule: c.deadline_rule,
        daysLeft: daysLeft(c.deadline_at, now),
        isDemo: c.is_demo === 1,
        invited: Number(c.invited),
        replied: Number(c.replied),
      }));
    },
  };
}

export type OfficeConsultationsService = ReturnType<typeof createOfficeConsultationsService>;
export type OfficeConsultationItem = Awaited<ReturnType<OfficeConsultationsService['list']>>[number];
