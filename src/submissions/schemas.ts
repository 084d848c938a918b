import { z } from 'zod';
import { calendarDate, optionalText } from '../consultations/office-schemas';
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

/**
 * The agency page's one form: `c_<clauseId>` and `p_<clauseId>` for each clause's comment and
 * proposed wording (flat names, so the body parser never builds sparse arrays from ids), the
 * general comment, the agreement, the letter's details, who saves, and which button was pressed.
 */
export const agencyForm = z
  .looseObject({
    action: z.enum(['save', 'submit']).default('save'),
    generalComment: optionalText(COMMENT_MAX),
    agree: checkbox,
    savedBy: optionalText(200),
    ...letterFields,
  })
  .transform((f, ctx) => {
    const comments: SubmissionInput['comments'] = [];
    // A clause is named by its comment box or its proposed-wording box: either alone still counts.
    const ids = new Set(Object.keys(f).flatMap((key) => /^[cp]_(\d{1,12})$/u.exec(key)?.[1] ?? []));
    const textOf = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/gu, '\n').trim() : '');
    for (const id of ids) {
      const text = textOf(f[`c_${id}`]);
      const proposedText = textOf(f[`p_${id}`]);
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
      .max(10_000)
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
export const receivedAtForm = z.object({
  receivedDate: calendarDate,
  receivedTime: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^([01]?\d|2[0-3]):[0-5]\d$/u.test(v), 'consultation.time_invalid'),
});
