// The part of an import that runs in the worker after the text is extracted: the limits on what
// the text holds, and the parse itself. Plain TypeScript, loaded by the worker (load-module.mjs).
import { type ParseResult, bodyOf, isClauseKind, walk } from '../clause-tree';
import { parseDraft } from '../parser';
import type { ImportLimits, Refusal } from './refusals';

export type Digest = { result: ParseResult } | { refusal: Refusal };

/** Parses extracted text, or says why it is refused: too long, no words, or too many clauses. */
export function digestText(text: string, options: { paragraphs: boolean; limits: ImportLimits }): Digest {
  const { maxTextBytes, maxClauses } = options.limits;
  if (Buffer.byteLength(text, 'utf8') > maxTextBytes) return { refusal: { reason: 'text', max: maxTextBytes } };
  // The same letters and digits as words() keeps, without splitting megabytes into words.
  if (!/[\p{L}\p{N}\p{M}]/u.test(text)) return { refusal: { reason: 'no_text' } };
  const result = parseDraft(text, { paragraphs: options.paragraphs });
  let clauses = 0;
  for (const doc of result.documents) for (const n of walk(bodyOf(doc))) if (isClauseKind(n.kind)) clauses++;
  if (clauses > maxClauses) return { refusal: { reason: 'clauses', count: clauses, max: maxClauses } };
  return { result };
}
