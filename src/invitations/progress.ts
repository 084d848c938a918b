import type { InvitationProgressRow } from './repository';

/**
 * Where one recipient stands, least advanced first; the dashboard counts each state. `queued`: the
 * invitation is in the outbox, not yet delivered (nor given up on); `not_sent`: no invitation mail at all.
 */
export const RECIPIENT_STATES = [
  'not_sent', 'queued', 'sent', 'delivery_failed', 'opened', 'draft_saved', 'submitted', 'agreed', 'late', 'no_reply', 'revoked',
] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export interface RecipientProgress {
  invitationId: number;
  agencyId: number;
  agencyName: string;
  state: RecipientState;
  mailError: string | null;
  openedAt: string | null;
  draftSavedAt: string | null;
  submittedAt: string | null;
  receiptNumber: string | null;
  lastRemindedAt: string | null;
}

export function recipientState(row: InvitationProgressRow, deadlinePassed: boolean): RecipientState {
  if (row.submitted_at) {
    if (Number(row.late) === 1) return 'late';
    return Number(row.agreed) === 1 ? 'agreed' : 'submitted';
  }
  if (row.revoked_at) return 'revoked';
  if (deadlinePassed) return 'no_reply';
  if (row.draft_saved_at) return 'draft_saved';
  if (row.opened_at) return 'opened';
  if (row.mail_state === 'failed') return 'delivery_failed';
  if (row.mail_state === 'sent') return 'sent';
  if (row.mail_state === 'pending') return 'queued';
  return 'not_sent';
}

export function progressOf(rows: readonly InvitationProgressRow[], deadlinePassed: boolean) {
  const recipients: RecipientProgress[] = rows.map((row) => ({
    invitationId: row.id,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    state: recipientState(row, deadlinePassed),
    mailError: row.mail_error ?? null,
    openedAt: row.opened_at,
    draftSavedAt: row.draft_saved_at ?? null,
    submittedAt: row.submitted_at ?? null,
    receiptNumber: row.receipt_number ?? null,
    lastRemindedAt: row.last_reminded_at,
  }));
  const counts = Object.fromEntries(RECIPIENT_STATES.map((s) => [s, 0])) as Record<RecipientState, number>;
  for (const r of recipients) counts[r.state]++;
  const replied = counts.submitted + counts.agreed + counts.late;
  return { recipients, counts, total: recipients.length, replied };
}

/** Agencies that still owe a reply: reminders and deadline notices go to them. */
export function awaitingReply(recipients: readonly RecipientProgress[]) {
  return recipients
    .filter((r) => !r.submittedAt && r.state !== 'revoked')
    .map((r) => ({ id: r.invitationId, agencyId: r.agencyId, agencyName: r.agencyName }));
}
