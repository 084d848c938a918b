import { z } from 'zod';
import type { ClauseEdit } from '../drafts/editing';
import { optionalText } from './schemas';

/** One fix from the review page; the button pressed names the operation. */
export const clauseEditForm = z
  .object({
    op: z.enum(['save', 'split', 'merge_previous', 'move_up', 'move_down', 'indent', 'outdent']),
    label: optionalText(50),
    heading: optionalText(1000),
    text: z.string().max(100_000, 'form.too_long').optional().default(''),
    newLabel: optionalText(50),
    newText: z.string().max(100_000, 'form.too_long').optional().default(''),
  })
  .transform((f): ClauseEdit => {
    const text = f.text.replace(/\r\n?/gu, '\n').trim();
    switch (f.op) {
      case 'save':
        return { op: 'save', label: f.label, heading: f.heading, text };
      case 'split':
        return { op: 'split', text, newLabel: f.newLabel, newText: f.newText.replace(/\r\n?/gu, '\n').trim() };
      default:
        return { op: f.op };
    }
  });
