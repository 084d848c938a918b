import { z } from 'zod';
import { calendarDate, optionalText } from '../office/schemas';
import { listOf } from '../web/form-values';
import type { SubmissionInput } from './service';

const COMMENT_MAX = 20_000;

const checkbox = z
  .union([z.string(), z.boolean()])
  .optional()
  .transform((v) => v === true || v === 'on' || v === '1' || v === 'true');

const optionalDate = z
  .string()
  .trim()
  .optional()
  .pipe(z.union([z.literal('').transform(() => null), z.undefined().transform(() => null), calendarDate]));

const letterFields = {
  letterNumber: optionalText(100),
  letterDate: optionalDate,
  letterSigner: optionalText(200),
  letterTitle: optionalText(200),
};

/** The agency form's fields besides its two boxes per clause (`_csrf` may come in the body too). */
const FORM_FIELDS = ['_csrf', 'action', 'generalComment', 'agree', 'savedBy', ...Object.keys(letterFields)];

/** The most text fields the agency form can have: two boxes per clause, and its own fields. */
export const agencyFormMaxFields = (clauses: number, extraFields: readonly string[] = []): number => 2 * clauses + FORM_FIELDS.length + extraFields.length;

/**
 * The agency page's one form: `c_<clauseId>` and `p_<clauseId>` for each clause's comment and
 * proposed wording (flat names, so the body parser never builds sparse arrays from ids), the
 * general comment, the agreement, the letter's details, who saves, and which button was pressed.
 * Any other field, a box of a clause not in the draft included, refuses the form.
 */
export function agencyForm(clauseIds: ReadonlySet<number>, extraFields: readonly string[] = []) {
  const known = new Set([...FORM_FIELDS, ...extraFields]);
  const boxOf = (key: string) => /^[cp]_(\d{1,12})$/u.exec(key)?.[1];
  return z
    .looseObject({
      action: z.enum(['save', 'submit']).default('save'),
      generalComment: optionalText(COMMENT_MAX),
      agree: checkbox,
      savedBy: optionalText(200),
      ...letterFields,
    })
    .transform((f, ctx) => {
      const unknown = Object.keys(f).filter((key) => !known.has(key) && boxOf(key) === undefined);
      if (unknown.length) {
        ctx.addIssue({ code: 'custom', path: ['_form'], message: 'form.unknown_fields', params: { fields: unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ', …' : '') } });
        return z.NEVER;
      }
      const foreign = Object.keys(f).map(boxOf).find((id) => id !== undefined && !clauseIds.has(Number(id)));
      if (foreign) {
        ctx.addIssue({ code: 'custom', path: ['comments'], message: 'submission.clause_unknown', params: { id: foreign } });
        return z.NEVER;
      }
      const comments: SubmissionInput['comments'] = [];
      // A clause is named by its comment box or its proposed-wording box: either alone still counts.
      const ids = new Set(Object.keys(f).flatMap((key) => boxOf(key) ?? []));
      // One box sent twice is refused at the box rather than read as one of its texts.
      const textOf = (key: string) => {
        const values = listOf(f[key]);
        if (values.length > 1) ctx.addIssue({ code: 'custom', path: [key], message: 'form.invalid' });
        return (values[0] ?? '').replace(/\r\n?/gu, '\n').trim();
      };
      for (const id of ids) {
        const text = textOf(`c_${id}`);
        const proposedText = textOf(`p_${id}`);
        if (text.length > COMMENT_MAX || proposedText.length > COMMENT_MAX) {
          // Shown at the clause's comment box, just above its proposed wording.
          ctx.addIssue({ code: 'custom', path: [`c_${id}`], message: 'form.too_long' });
          continue;
        }
        if (text || proposedText) comments.push({ clauseId: Number(id), text, proposedText: proposedText || null });
      }
      const input: SubmissionInput = {
        generalComment: f.generalComment,
        agreeWithoutComments: f.agree,
        comments,
        letter: { number: f.letterNumber, date: f.letterDate, signer: f.letterSigner, title: f.letterTitle },
        savedBy: f.savedBy,
      };
      return { action: f.action, input };
    });
}

/** PUT /api/v1/invitation/submission */
export const submissionBody = z
  .strictObject({
    generalComment: z.string().max(COMMENT_MAX, 'form.too_long').nullable().optional(),
    agreeWithoutComments: z.boolean().optional(),
    comments: z
      .array(
        z.strictObject({
          clauseId: z.number().int().positive(),
          text: z.string().max(COMMENT_MAX, 'form.too_long'),
          proposedText: z.string().max(COMMENT_MAX, 'form.too_long').nullable().optional(),
        }),
      )
      .max(10_000, 'form.too_many_items')
      .default([]),
    letter: z
      .strictObject({
        number: z.string().trim().max(100).nullable().optional(),
        date: z.union([z.null(), calendarDate]).optional(),
        signer: z.string().trim().max(200).nullable().optional(),
        title: z.string().trim().max(200).nullable().optional(),
      })
      .optional(),
    savedBy: z.string().trim().max(200).nullable().optional(),
  })
  .transform(
    (b): SubmissionInput => ({
      generalComment: b.generalComment?.trim() || null,
      agreeWithoutComments: b.agreeWithoutComments ?? false,
      comments: b.comments.map((c) => ({ clauseId: c.clauseId, text: c.text.trim(), proposedText: c.proposedText?.trim() || null })),
      letter: { number: b.letter?.number || null, date: b.letter?.date ?? null, signer: b.letter?.signer || null, title: b.letter?.title || null },
      savedBy: b.savedBy || null,
    }),
  );

/** The clerk's form: the agency form plus when the paper reply was received. */
export const RECEIVED_AT_FIELDS = ['receivedDate', 'receivedTime'];
export const receivedAtForm = z.object({
  receivedDate: calendarDate,
  receivedTime: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^([01]?\d|2[0-3]):[0-5]\d$/u.test(v), 'consultation.time_invalid'),
});
