import type { Consultation } from '../db/tables';
import { isPastDeadline } from '../time';

/** Whether an agency may still write: open, past the deadline but accepted as late, or closed. */
export type ReplyWindow = 'open' | 'late' | 'closed';

/** The one place that applies the deadline to replies: its instant (from the letter's rule) and the late policy. */
export function replyWindow(c: Pick<Consultation, 'status' | 'deadline_at' | 'closed_at' | 'late_policy'>, now: Date): ReplyWindow {
  if (c.status !== 'open') return 'closed';
  if (!isPastDeadline(c, now)) return 'open';
  return c.late_policy === 'accept_late' ? 'late' : 'closed';
}
