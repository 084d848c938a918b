import { z } from 'zod';

/** Comments answered together: a group holds at most one comment per agency, far below SQLite's 32,766 variables. */
export const MAX_ANSWERED_IDS = 5000;

export const decision = z.enum(['accepted', 'partly_accepted', 'not_accepted', 'noted'], { error: 'response.decision_required' });

/** An answer needs its explanation unless the comment is simply accepted (tiếp thu). */
export const explained = <T extends { decision: string; explanation: string | null }>(v: T, ctx: z.RefinementCtx) => {
  if (v.decision !== 'accepted' && !v.explanation) ctx.addIssue({ code: 'custom', path: ['explanation'], message: 'response.explanation_required' });
};

export const explanation = z
  .string()
  .trim()
  .max(20_000, 'form.too_long')
  .nullable()
  .optional()
  .transform((v) => v || null);

/** The review page's form for one comment or a group: the ids answered together. */
export const responseForm = z
  .object({
    ids: z
      .string()
      .regex(/^\d+(,\d+)*$/u, 'form.invalid')
      .transform((v) => [...new Set(v.split(',').map(Number))])
      .refine((ids) => ids.length <= MAX_ANSWERED_IDS, { message: 'form.too_many_items', params: { max: MAX_ANSWERED_IDS } }),
    decision,
    explanation,
  })
  .superRefine(explained);

/** PUT /api/v1/comments/:id/response */
export const responseBody = z.strictObject({ decision, explanation }).superRefine(explained);
