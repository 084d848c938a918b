import type { LRUCache } from 'lru-cache';
import type { ClauseRow } from '../db/tables';
import { assignAnchors } from './anchors';
import { type DraftNode, type DrafterComment, type NoteRef, childOfKind, partClauses, titleLines } from './clause-tree';
import type { Uow } from '../repositories';
import type { ClauseInsert, DraftsRepository } from './repository';

/** A clause as pages and the API show it: the node shape of `gopy parse` with its id and anchor. */
export interface ClauseView {
  id: number;
  kind: string;
  label: string | null;
  heading: string | null;
  text: string;
  anchor: string;
  children: ClauseView[];
  /** A table the clause holds (an appendix's), rows of cell strings. */
  rows?: string[][];
  footnotes?: NoteRef[];
  endnotes?: NoteRef[];
  /** The drafter's Word comments: only in a draft read `withComments` (the office's review page). */
  comments?: DrafterComment[];
}

/** What a clause row's extras_json holds (migration 0008). */
export interface ClauseExtras {
  rows?: string[][];
  footnotes?: NoteRef[];
  endnotes?: NoteRef[];
  comments?: DrafterComment[];
}

/** The frame of one part: its header, preamble and closing, as parsed. */
export interface PartFrame {
  header: DraftNode | null;
  preamble: DraftNode | null;
  closing: DraftNode | null;
}

/**
 * The parts of a draft around its clauses: the first part's frame as it always was, and under
 * `parts` the frame of each further part (the Quy chế a Quyết định issues), in the order of its
 * `attached_document` clause. A draft stored before 0008 has no `parts`.
 */
export interface DraftFrame extends PartFrame {
  parts?: (PartFrame & { title: string[] })[];
}

export interface DraftView {
  id: number;
  version: number;
  frame: DraftFrame;
  clauses: ClauseView[];
  /** Every clause in document order, for a table of contents or a lookup by anchor. */
  flat: ClauseView[];
}

/**
 * Draft versions and their clause trees. Writes take the repositories of the caller's unit of work, so
 * a draft is stored with the consultation it belongs to; published trees are kept in memory.
 */
export function createDraftsService(uow: Uow, published: LRUCache<number, DraftView>) {

  async function draftOf(repo: DraftsRepository, version: { id: number; version: number; frame_json: string }, withComments = false): Promise<DraftView> {
    const { roots, flat } = buildTree(await repo.clausesOf(version.id), withComments);
    return { id: version.id, version: version.version, frame: JSON.parse(version.frame_json) as DraftFrame, clauses: roots, flat };
  }

  return {
    /**
     * Stores a parsed draft as a draft version of a consultation: its parts in order (a decision and
     * the regulation it issues; one document most often), every part's body and appendices as clauses.
     */
    async saveParsed(
      r: { drafts: DraftsRepository },
      consultationId: number,
      version: number,
      parts: DraftNode | readonly DraftNode[],
      sourceAttachmentId: number | null,
      source?: { text: string; kind: string },
    ): Promise<number> {
      const docs: readonly DraftNode[] = Array.isArray(parts) ? parts : [parts as DraftNode];
      const clauses = toInserts(partClauses(docs));
      const frameOf = (doc: DraftNode | undefined): PartFrame => ({
        header: (doc && childOfKind(doc, 'header')) ?? null,
        preamble: (doc && childOfKind(doc, 'preamble')) ?? null,
        closing: (doc && childOfKind(doc, 'closing')) ?? null,
      });
      const frame: DraftFrame = { ...frameOf(docs[0]), ...(docs.length > 1 ? { parts: docs.slice(1).map((d) => ({ title: titleLines(d), ...frameOf(d) })) } : {}) };
      return r.drafts.insertVersion({ consultationId, version, sourceAttachmentId, frameJson: JSON.stringify(frame), clauses, sourceText: source?.text ?? null, sourceKind: source?.kind ?? null });
    },

    /** Stores an officer's corrected tree in place of a version's clauses, anchors recomputed. */
    async rewriteClauses(r: { drafts: DraftsRepository }, draftVersionId: number, roots: readonly DraftNode[]): Promise<void> {
      await r.drafts.replaceClauses(draftVersionId, toInserts(roots));
    },

    /** The newest version; `withComments` adds the drafter's Word comments, for the office's own pages only. */
    latestDraft(consultationId: number, options: { withComments?: boolean } = {}): Promise<DraftView | null> {
      return uow.read(async ({ drafts }) => {
        const version = await drafts.latestVersion(consultationId);
        return version ? draftOf(drafts, version, options.withComments === true) : null;
      });
    },

    /**
     * The latest draft of a published consultation, kept in memory by version: once published, a
     * version's clauses never change (edits and re-imports are refused), and a new import is a new
     * version. Callers must not change the returned tree.
     */
    publishedDraft(consultationId: number): Promise<DraftView | null> {
      return uow.read(async ({ drafts }) => {
        const latest = await drafts.latestVersionId(consultationId);
        if (latest === undefined) return null;
        const cached = published.get(latest);
        if (cached) return cached;
        const version = await drafts.latestVersion(consultationId);
        if (!version) return null;
        const draft = await draftOf(drafts, version);
        published.set(version.id, draft);
        return draft;
      });
    },
  };
}

export type DraftsService = ReturnType<typeof createDraftsService>;

/** The rows of a clause tree in document order, parents before children, each with its anchor. */
function toInserts(roots: readonly DraftNode[]): ClauseInsert[] {
  const anchors = assignAnchors(roots);
  const keys = new Map<DraftNode, number>();
  const clauses: ClauseInsert[] = [];
  const visit = (nodes: readonly DraftNode[], parent: DraftNode | null, depth: number): void => {
    for (const n of nodes) {
      const key = clauses.length;
      keys.set(n, key);
      clauses.push({
        key,
        parentKey: parent ? keys.get(parent)! : null,
        position: key,
        depth,
        kind: n.kind,
        label: n.label,
        heading: n.heading,
        text: n.text,
        anchor: anchors.get(n)!,
        extrasJson: extrasJsonOf(n),
      });
      visit(n.children, n, depth + 1);
    }
  };
  visit(roots, null, 0);
  return clauses;
}

/** A node's rows, notes and comments as stored, or null when it has none. */
export function extrasJsonOf(n: ClauseExtras): string | null {
  const extras: ClauseExtras = {};
  if (n.rows?.length) extras.rows = n.rows;
  if (n.footnotes?.length) extras.footnotes = n.footnotes;
  if (n.endnotes?.length) extras.endnotes = n.endnotes;
  if (n.comments?.length) extras.comments = n.comments;
  return Object.keys(extras).length ? JSON.stringify(extras) : null;
}

function buildTree(rows: readonly ClauseRow[], withComments: boolean): { roots: ClauseView[]; flat: ClauseView[] } {
  const byId = new Map<number, ClauseView>();
  const roots: ClauseView[] = [];
  const flat: ClauseView[] = [];
  for (const row of rows) {
    const view: ClauseView = {
      id: row.id,
      kind: row.kind,
      label: row.label,
      heading: row.heading,
      text: row.text,
      anchor: row.anchor,
      children: [],
    };
    if (row.extras_json) {
      const extras = JSON.parse(row.extras_json) as ClauseExtras;
      if (extras.rows) view.rows = extras.rows;
      if (extras.footnotes) view.footnotes = extras.footnotes;
      if (extras.endnotes) view.endnotes = extras.endnotes;
      if (withComments && extras.comments) view.comments = extras.comments;
    }
    byId.set(row.id, view);
    flat.push(view);
    const parent = row.parent_id === null ? undefined : byId.get(row.parent_id);
    (parent ? parent.children : roots).push(view);
  }
  return { roots, flat };
}

