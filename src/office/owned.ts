import type { StaffUser } from '../auth/repository';
import { NotFound } from '../errors';
import type { Uow } from '../repositories';
import type { OwnedConsultation } from './repository';

export type Owned = (user: StaffUser, consultationId: number) => Promise<OwnedConsultation>;

/**
 * The one "belongs to your office" check every office feature starts from. Another office's
 * consultation is "not found", never "forbidden", so ids reveal nothing.
 */
export function createOwnedCheck(uow: Uow): Owned {
  return async (user, consultationId) => {
    const c = await uow.read((r) => r.office.ownedBy(user.officeId, consultationId));
    if (!c) throw new NotFound('consultation.not_found');
    return c;
  };
}
