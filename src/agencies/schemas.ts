import { z } from 'zod';
import { manyValues } from '../web/form-values';
import { pageNumber } from '../pagination';
import { splitEmails } from './emails';
import { tidyName } from './names';

export const NAME_MAX = 300;
export const SHORT_NAME_MAX = 50;
export const DESCRIPTION_MAX = 2000;

const optionalText = (max: number) =>
  z
    .string()
    .max(max, 'form.too_long')
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : null));

const emailList = z
  .string()
  .max(20_000, 'form.too_long')
  .transform((text, ctx) => {
    const { emails, invalid } = splitEmails(text);
    for (const address of invalid) ctx.addIssue({ code: 'custom', message: 'agencies.email_invalid', params: { address } });
    if (invalid.length === 0 && emails.length === 0) ctx.addIssue({ code: 'custom', message: 'agencies.email_required' });
    return emails;
  });

export const agencyForm = z.object({
  name: z.string().transform(tidyName).pipe(z.string().min(1, 'agencies.name_required').max(NAME_MAX, 'form.too_long')),
  short_name: optionalText(SHORT_NAME_MAX),
  emails: z.string().optional().transform((v) => v ?? '').pipe(emailList),
});
export type AgencyInput = z.output<typeof agencyForm>;

const memberIds = manyValues(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), 5000);

export const groupForm = z.object({
  name: z.string().transform(tidyName).pipe(z.string().min(1, 'agencies.group_name_required').max(NAME_MAX, 'form.too_long')),
  description: optionalText(DESCRIPTION_MAX),
  members: memberIds,
});
export type GroupInput = z.output<typeof groupForm>;

export const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const searchQuery = z.object({ q: z.string().max(200).optional().catch(undefined) });

/** The directory's address: a search, and the page of the active and of the archived list. */
export const directoryQuery = searchQuery.extend({ page: pageNumber, archived_page: pageNumber });
