import { timingSafeEqual } from 'node:crypto';
import { SECRET_TOKEN_RE, hashToken } from '../auth/tokens';
import type { InvitationsRepository } from './repository';

export type InvitationAccess =
  | { kind: 'ok'; invitationId: number; consultationId: number; agencyId: number; agencyName: string }
  | { kind: 'not_found' }
  | { kind: 'revoked' };

/**
 * Who a personal link belongs to. The token is looked up by its SHA-256 and the stored hash is
 * compared again in constant time; a revoked link is told apart so the page can say so.
 */
export async function resolveInvitation(invitations: Pick<InvitationsRepository, 'byTokenHash'>, token: string): Promise<InvitationAccess> {
  if (!SECRET_TOKEN_RE.test(token)) return { kind: 'not_found' };
  const hash = hashToken(token);
  const row = await invitations.byTokenHash(hash);
  if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex')) || row.status === 'draft') return { kind: 'not_found' };
  // A link is revoked with its invitation, whenever the link was made: the invitation's state decides.
  if (row.revoked_at || row.invitation_revoked_at) return { kind: 'revoked' };
  return { kind: 'ok', invitationId: row.id, consultationId: row.consultation_id, agencyId: row.agency_id, agencyName: row.agency_name };
}
