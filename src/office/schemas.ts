import { z } from 'zod';
import type { DeadlineRule, LatePolicy, PublicCommentsMode } from '../db/tables';
import { deadlineInstant } from '../time';
import { idList, listOf } from '../web/form-values';

/** What an officer sets on a consultation, from the form or the API. */
export interface ConsultationFields {
  number: string;
  letterDate: string;
  place: string | null;
  subject: string;
  draftTitle: string | null;
  summary: string | null;
  legalBasis: string | null;
  signerPrefix: 'KT.' | 'TM.' | 'Q.' | 'TL.' | 'TUQ.' | null;
  signerAuthority: string | null;
  signerTitle: string | null;
  signerName: string | null;
  contactName: string | null;
  contactTitle: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  websiteSection: string | null;
  deadlineAt: string;
  deadlineRule: DeadlineRule;
  latePolicy: LatePolicy;
  letterRequired: boolean;
  /** Comments from anyone on the public page: off, or moderated before or after they are shown. */
  publicComments: PublicCommentsMode;
  /** Whether commenters' names are shown where they agreed to it. */
  publicNames: boolean;
}

const text = (max: number) => z.string().trim().max(max, 'form.too_long');
/** Optional text, trimmed; empty means null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'form.too_long')
    .optional()
    .transform((v) => (v ? v : null));

/** dd/mm/yyyy as people type it, or yyyy-mm-dd as a date field sends it; a real calendar day. */
export const calendarDate = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(v) ?? /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/u.exec(v);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: v ? 'consultation.date_invalid' : 'form.required' });
      return z.NEVER;
    }
    const [y, mo, d] = v.includes('/') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
    const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    const check = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso) {
      ctx.addIssue({ code: 'custom', message: 'consultation.date_invalid' });
      return z.NEVER;
    }
    return iso;
  });

const signerPrefix = z
  .enum(['', 'KT.', 'TM.', 'Q.', 'TL.', 'TUQ.'])
  .optional()
  .transform((v) => (v ? v : null));

const deadlineRule = z.enum(['before_date', 'by_end_of_date', 'at_time'], { error: 'form.invalid' });

const letterFields = {
  number: text(100).min(1, 'consultation.number_required'),
  letterDate: calendarDate,
  place: optionalText(100),
  subject: text(500).min(1, 'consultation.subject_required'),
  draftTitle: optionalText(500),
  summary: optionalText(20000),
  legalBasis: optionalText(5000),
  signerPrefix,
  signerAuthority: optionalText(200),
  signerTitle: optionalText(200),
  signerName: optionalText(200),
  contactName: optionalText(200),
  contactTitle: optionalText(200),
  contactPhone: optionalText(50).refine((v) => v === null || /^[0-9+().\s-]{6,30}$/u.test(v), 'consultation.phone_invalid'),
  contactEmail: optionalText(254).refine((v) => v === null || z.email().safeParse(v).success, 'consultation.email_invalid'),
  websiteSection: optionalText(500),
  latePolicy: z.enum(['refuse', 'accept_late'], { error: 'form.invalid' }).default('refuse'),
  publicComments: z.enum(['off', 'before_moderation', 'after_moderation'], { error: 'form.invalid' }).default('off'),
};

/** A box ticked once, or twice by a page that repeats it: the same answer. */
const checkbox = z.unknown().optional().transform((v) => v === true || listOf(v).some((x) => x === 'on' || x === '1' || x === 'true'));

/** The API's yes/no: JSON true/false, or a multipart field's "true"/"on"; absent stays absent (a PATCH leaves it as it is). */
const apiFlag = z
  .union([z.boolean(), z.enum(['true', 'false', 'on', 'off', '1', '0'])], { error: 'form.invalid' })
  .optional()
  .transform((v) => (v === undefined ? undefined : v === true || v === 'true' || v === 'on' || v === '1'));

/** Checked agencies or groups: a directory's worth at most, far below SQLite's 32,766 variables. */
const MAX_PICKED = 5000;

const pickedIds = idList(MAX_PICKED);

/** The page's form: the deadline as a date, a rule, and a time of day when the rule is "at_time". */
export const consultationForm = z
  .object({
    ...letterFields,
    deadlineDate: calendarDate,
    deadlineRule,
    deadlineTime: z.string().trim().optional(),
    letterRequired: checkbox,
    // Unticked, a checkbox sends nothing: the form says the box was there.
    publicNames: checkbox,
    agencyIds: pickedIds,
    groupIds: pickedIds,
  })
  .transform((f, ctx) => {
    const deadline = deadlineOf(f, ctx);
    if (!deadline) return z.NEVER;
    const { deadlineDate, deadlineTime, agencyIds, groupIds, ...rest } = f;
    void deadlineDate;
    void deadlineTime;
    const fields: ConsultationFields = { ...rest, ...deadline };
    return { fields, agencyIds, groupIds };
  });

/** The deadline the form describes: a date, a rule, and for "at_time" a time of day, all in Vietnam time. */
function deadlineOf(
  f: { deadlineDate: string; deadlineRule: DeadlineRule; deadlineTime?: string | undefined },
  ctx: z.RefinementCtx,
): { deadlineAt: string; deadlineRule: DeadlineRule } | null {
  if (f.deadlineRule !== 'at_time') return { deadlineAt: deadlineInstant(f.deadlineRule, f.deadlineDate).toISOString(), deadlineRule: f.deadlineRule };
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/u.exec(f.deadlineTime ?? '');
  if (!m) {
    ctx.addIssue({ code: 'custom', path: ['deadlineTime'], message: 'consultation.time_invalid' });
    return null;
  }
  const at = new Date(deadlineInstant('before_date', f.deadlineDate).getTime() + (Number(m[1]) * 60 + Number(m[2])) * 60_000);
  return { deadlineAt: at.toISOString(), deadlineRule: 'at_time' };
}

/** The dashboard's deadline form: a new deadline (extension or change), or "end now". */
export const deadlineForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('end_now') }).transform(() => ({ action: 'end_now' as const, deadline: null })),
  z
    .object({ action: z.literal('change'), deadlineDate: calendarDate, deadlineRule, deadlineTime: z.string().trim().optional() })
    .transform((f, ctx) => {
      const deadline = deadlineOf(f, ctx);
      return deadline ? { action: 'change' as const, deadline } : z.NEVER;
    }),
]);

/**
 * The API's deadline: an ISO-8601 date-time (no offset means Vietnam time), or a date with
 * `deadlineRule` before_date ("trước ngày D") or by_end_of_date ("chậm nhất ngày D", the default).
 */
export const apiDeadline = z
  .object({
    deadline: z.string().trim(),
    deadlineRule: z.enum(['before_date', 'by_end_of_date']).optional(),
  })
  .transform((d, ctx) => {
    if (/^\d{4}-\d{2}-\d{2}$/u.test(d.deadline)) {
      const rule = d.deadlineRule ?? 'by_end_of_date';
      return { deadlineAt: deadlineInstant(rule, d.deadline).toISOString(), deadlineRule: rule as DeadlineRule };
    }
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/u.exec(d.deadline);
    const at = m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${m[5] ?? '+07:00'}`) : null;
    if (!at || Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'consultation.deadline_invalid' });
      return z.NEVER;
    }
    return { deadlineAt: at.toISOString(), deadlineRule: 'at_time' as DeadlineRule };
  });

/** The API's fields (multipart or JSON): the names of the issue, all optional for PATCH. */
export const apiLetterFields = z.object({
  number: letterFields.number,
  letterDate: calendarDate,
  subject: letterFields.subject,
  place: letterFields.place,
  draftTitle: letterFields.draftTitle,
  summary: letterFields.summary,
  legalBasis: letterFields.legalBasis,
  signerPrefix,
  signerAuthority: letterFields.signerAuthority,
  signer: letterFields.signerName,
  signerTitle: letterFields.signerTitle,
  contactName: letterFields.contactName,
  contactPhone: letterFields.contactPhone,
  contactEmail: letterFields.contactEmail,
  websiteSection: letterFields.websiteSection,
  // No defaults here: a PATCH (`.partial()`) would otherwise set every field it did not name back
  // to its default. A new consultation gets them from `apiNewLetterFields`.
  latePolicy: z.enum(['refuse', 'accept_late'], { error: 'form.invalid' }).optional(),
  letterRequired: apiFlag,
  publicComments: z.enum(['off', 'before_moderation', 'after_moderation'], { error: 'form.invalid' }).optional(),
  publicNames: apiFlag,
});

/** A new consultation's fields through the API: what was not sent takes its default. */
export const apiNewLetterFields = apiLetterFields.extend({
  latePolicy: letterFields.latePolicy,
  publicComments: letterFields.publicComments,
  letterRequired: apiFlag.transform((v) => v ?? false),
  publicNames: apiFlag.transform((v) => v ?? true),
});

export const recipientsBody = z.strictObject({
  agencies: z
    .array(z.strictObject({ name: z.string().trim().min(1, 'form.required').max(300), email: z.email({ error: 'consultation.email_invalid' }) }))
    .max(500, 'form.too_many_items')
    .optional(),
  agencyIds: z.array(z.number().int().positive()).max(500, 'form.too_many_items').optional(),
  groupIds: z.array(z.number().int().positive()).max(100, 'form.too_many_items').optional(),
});
