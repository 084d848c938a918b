import { pagerOf } from '../pagination';
import type { Uow } from '../repositories';

/** The office's view of its outbox: what was sent to whom, and a failed message sent again. */
export function createOutboxService(deps: { uow: Uow; deliverNow: () => void }) {
  const { uow } = deps;
  return {
    async page(officeId: number, filter: { q: string | null }, requested: number) {
      return uow.read(async (r) => {
        const pager = pagerOf(requested, await r.outbox.countForOffice(officeId, filter));
        const rows = pager.total === 0 ? [] : await r.outbox.pageForOffice(officeId, filter, pager);
        return { pager, rows };
      });
    },

    /** One message of the office's own consultations; another office's is not found. */
    find: (officeId: number, id: number) => uow.read((r) => r.outbox.findForOffice(officeId, id)),

    /** Sends a failed message again now; false when it is not the office's or not failed. */
    async retry(officeId: number, id: number): Promise<boolean> {
      const retried = await uow.write(async (r) => Boolean((await r.outbox.findForOffice(officeId, id)) && (await r.outbox.retryNow(id))));
      if (retried) deps.deliverNow();
      return retried;
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
