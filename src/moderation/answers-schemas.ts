import { z } from 'zod';
import { decision, explained, explanation } from '../responses/schemas';

/**
 * The answers page's form for one group. It names the group by its first comment and its key
 * (groupKeyOf its ids) rather than listing the ids: a campaign's group holds thousands of comments,
 * and thousands of hidden inputs would make a page of megabytes and a body past the request limit.
 * The server recomputes the group and refuses when the key no longer matches (see answers-service.ts).
 */
export const publicAnswerForm = z
  .object({
    firstId: z.coerce.number({ error: 'form.invalid' }).int('form.invalid').positive('form.invalid'),
    key: z.string().regex(/^g-\d+-[0-9a-f]{8}$/u, 'form.invalid'),
    decision,
    explanation,
  })
  .superRefine(explained);

/** PUT /api/v1/consultations/:id/public-answers: the whole group of `commentId`. */
export const publicAnswerBody = z
  .strictObject({
    commentId: z.number({ error: 'form.invalid' }).int().positive(),
    decision,
    explanation,
  })
  .superRefine(explained);
