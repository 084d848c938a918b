import { z } from 'zod';
import { pageNumber } from '../pagination';
import { idList } from '../web/form-values';
import { DECISIONS, MAX_DECIDED_IDS, MAX_NOTE_CHARS, STATES } from './service';

const reason = z.string().trim().max(50, 'moderation.reason_unknown').nullable().optional().transform((v) => v || null);
const note = z.string().trim().max(MAX_NOTE_CHARS, 'form.too_long').nullable().optional().transform((v) => v || null);
const decision = z.enum(DECISIONS, { error: 'moderation.decision_required' });

export const consultationParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
export const commentParam = z.object({ commentId: z.coerce.number().int().positive().max(2 ** 31 - 1) });

/** The queue page's query: a state (pending unless it names another) and a page number. */
export const queueQuery = z.object({ status: z.enum(STATES).catch('pending'), page: pageNumber });

/** The queue page's one form: the ticked comments, the button pressed, and the reason with its note. */
export const decideForm = z.object({
  ids: idList(MAX_DECIDED_IDS),
  decision,
  reason,
  note,
  status: z.enum(STATES).catch('pending'),
  page: pageNumber,
});

/** GET /api/v1/consultations/:id/public-comments with a token. */
export const apiListQuery = z.object({
  status: z.enum(STATES, { error: 'moderation.status_unknown' }).optional().default('pending'),
  limit: z.coerce.number({ error: 'form.invalid' }).int('form.invalid').min(1, 'form.invalid').max(MAX_DECIDED_IDS, 'moderation.limit_max').optional().default(100),
  offset: z.coerce.number({ error: 'form.invalid' }).int('form.invalid').min(0, 'form.invalid').max(100_000_000, 'form.invalid').optional().default(0),
});

/** POST /api/v1/public-comments/:commentId/moderation */
export const decideBody = z.strictObject({ decision, reason, note });
