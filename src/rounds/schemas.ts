import { z } from 'zod';

export const consultationId = z.object({ id: z.coerce.number().int().positive() });

const clauseId = z.number().int().positive().nullable();

/** PATCH /api/v1/consultations/:id/changes: pairs set by hand (null for an added or a removed clause). */
export const pairsBody = z.strictObject({
  pairs: z
    .array(z.strictObject({ before: clauseId, after: clauseId }))
    .min(1, 'form.required')
    .max(1000, 'form.too_many_items'),
});

/** The review page's form: one pair at a time; an empty choice leaves the other side unpaired. */
export const pairForm = z
  .object({
    before: z.string().trim().regex(/^\d{0,10}$/u, 'round.pair_unknown').optional(),
    after: z.string().trim().regex(/^\d{0,10}$/u, 'round.pair_unknown').optional(),
  })
  .transform((f) => ({ before: f.before ? Number(f.before) : null, after: f.after ? Number(f.after) : null }));

/** Where an accepted comment was applied in the next round's draft; empty clears it. */
export const appliedForm = z
  .object({ appliedClauseId: z.union([z.string().trim().regex(/^\d{0,10}$/u, 'round.applied_unknown'), z.number().int().positive(), z.null()]) })
  .transform((f) => ({ clauseId: f.appliedClauseId === null || f.appliedClauseId === '' ? null : Number(f.appliedClauseId) }));

/** PUT /api/v1/comments/:id/applied. */
export const appliedBody = z.strictObject({ appliedClauseId: z.number().int().positive().nullable() });
