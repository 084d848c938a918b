import { z } from 'zod';
import { listOf } from '../web/form-values';

export const MAX_COMMENT_CHARS = 10_000;

const name = z.string().trim().min(1, 'public.name_required').max(200, 'form.too_long');
const email = z.string().trim().max(254, 'form.too_long').pipe(z.email({ error: 'public.email_invalid' }));
const text = z
  .string()
  .trim()
  .min(1, 'public.text_required')
  .max(MAX_COMMENT_CHARS, 'public.text_too_long');
const organisation = z
  .string()
  .trim()
  .max(300, 'form.too_long')
  .optional()
  .transform((v) => v || null);

/** The API's body: `{ name, email, clauseId?, text, organisation?, showName? }`. */
export const publicCommentBody = z.strictObject({
  name,
  email,
  clauseId: z.number({ error: 'public.clause_unknown' }).int().positive().nullable().optional().transform((v) => v ?? null),
  text,
  organisation: z.union([organisation, z.null().transform(() => null)]),
  showName: z.boolean({ error: 'form.invalid' }).optional().default(false),
});

/** The page's form: the same fields as text, the box ticked or not, the honeypot and the form's stamp. */
export const publicCommentForm = z.object({
  name,
  email,
  clauseId: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const id = Number(v);
      if (!Number.isSafeInteger(id) || id <= 0) {
        ctx.addIssue({ code: 'custom', message: 'public.clause_unknown' });
        return z.NEVER;
      }
      return id;
    }),
  text,
  organisation,
  showName: z.unknown().optional().transform((v) => listOf(v).includes('on')),
  website: z.string().optional(),
  stamp: z.string().optional(),
});

export const confirmBody = z.strictObject({ token: z.string({ error: 'public.link_invalid' }).max(100) });
export const tokenParam = z.object({ token: z.string().max(100) });
export const consultationParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

export const publicListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).catch(100),
  offset: z.coerce.number().int().min(0).max(100_000_000).catch(0),
});
