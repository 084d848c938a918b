// The part of an import that runs in the worker after the text is extracted: the limits on what
// the text holds, and the parse itself. Plain TypeScript, loaded by the worker (load-module.mjs).
import { type DraftNode, type DrafterComment, type NoteRef, type ParseResult, bodyOf, isClauseKind, walk } from '../clause-tree';
import { parseDraft } from '../parser';
import type { ImportLimits, Refusal } from './refusals';

export type Digest = { result: ParseResult } | { refusal: Refusal };

/** A note a DOCX cites, in citation order; its citation is written in the text as a marker. */
export interface CitedNote extends NoteRef {
  kind: 'footnote' | 'endnote';
}

/** docx-text.mjs's NOTE_MARKER_BASE: the marker of note i is this code point plus i. */
const NOTE_MARKER_BASE = 0xf0000;
/** docx-text.mjs's COMMENT_MARKER_BASE: comment i starts its range at this code point plus i. */
const COMMENT_MARKER_BASE = 0x100000;
const MARKERS = /[\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}]/gu;

/**
 * Parses extracted text, or says why it is refused: too long, no words, or too many clauses. The
 * `notes` a DOCX's text cites end up on the nodes that cite them.
 */
export function digestText(
  text: string,
  options: { paragraphs: boolean; limits: ImportLimits; notes?: readonly CitedNote[]; comments?: readonly DrafterComment[] },
): Digest {
  const { maxTextBytes, maxClauses } = options.limits;
  if (Buffer.byteLength(text, 'utf8') > maxTextBytes) return { refusal: { reason: 'text', max: maxTextBytes } };
  // The same letters and digits as words() keeps, without splitting megabytes into words.
  if (!/[\p{L}\p{N}\p{M}]/u.test(text)) return { refusal: { reason: 'no_text' } };
  const result = parseDraft(text, { paragraphs: options.paragraphs });
  if (options.notes?.length || options.comments?.length) attachNotes(result, options.notes ?? [], options.comments ?? []);
  let clauses = 0;
  for (const doc of result.documents) for (const n of walk(bodyOf(doc))) if (isClauseKind(n.kind)) clauses++;
  if (clauses > maxClauses) return { refusal: { reason: 'clauses', count: clauses, max: maxClauses } };
  return { result };
}

/**
 * The text as a person reads it: the markers out, the notes' text after the text (comments are the
 * office's alone and stay on their nodes); a table row's cells separated by " | ".
 */
export function readableText(text: string, notes: readonly CitedNote[] = []): string {
  const plain = text.replace(MARKERS, '').replace(/\uE000/gu, '').replace(/\uE001/gu, ' | ');
  return [plain, ...notes.map((n) => `${n.mark} ${n.text}`)].join('\n');
}

/** Takes each marker out of the tree and puts its note or comment on the node that held it. */
function attachNotes(result: ParseResult, notes: readonly CitedNote[], comments: readonly DrafterComment[]): void {
  const take = (owner: DraftNode, text: string): string =>
    text.replace(MARKERS, (marker) => {
      const code = marker.codePointAt(0)!;
      if (code >= COMMENT_MARKER_BASE) {
        const comment = comments[code - COMMENT_MARKER_BASE];
        if (comment) (owner.comments ??= []).push({ author: comment.author, text: comment.text });
        return '';
      }
      const note = notes[code - NOTE_MARKER_BASE];
      if (note) {
        const list = note.kind === 'footnote' ? (owner.footnotes ??= []) : (owner.endnotes ??= []);
        list.push({ mark: note.mark, text: note.text });
      }
      return '';
    });
  for (const n of walk(result.documents)) {
    if (n.label !== null) n.label = take(n, n.label);
    if (n.heading !== null) n.heading = take(n, n.heading);
    n.text = take(n, n.text);
    if (n.rows) n.rows = n.rows.map((row) => row.map((cell) => take(n, cell)));
  }
  // A note cited by the stamp goes to the first document, so that no note is lost.
  const first = result.documents[0];
  if (first) result.stamp = result.stamp.map((line) => take(first, line));
}
