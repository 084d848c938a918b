import type { LRUCache } from 'lru-cache';
import type { ClauseRow } from '../db/tables';
import { assignAnchors } from './anchors';
import { type DraftNode, childOfKind } from './clause-tree';
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
}

/** The parts of a draft around its clauses, as parsed. */
export interface DraftFrame {
  header: DraftNode | null;
  preamble: DraftNode | null;
  closing: DraftNode | null;
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

  async function draftOf(repo: DraftsRepository, version: { id: number; version: number; frame_json: string }): Promise<DraftView> {
    const { roots, flat } = buildTree(await repo.clausesOf(version.id));
    return { id: version.id, version: version.version, frame: JSON.parse(version.frame_json) as DraftFrame, clauses: roots, flat };
  }

  return {
    /** Stores one parsed document as a draft version of a consultation. */
    async saveParsed(r: { drafts: DraftsRepository }, consultationId: number, version: number, doc: DraftNode, sourceAttachmentId: number | null, source?: { text: string; kind: string }): Promise<number> {
      const body = childOfKind(doc, 'body')?.children ?? [];
      const clauses = toInserts(body);
      const frame: DraftFrame = {
        header: childOfKind(doc, 'header') ?? null,
        preamble: childOfKind(doc, 'preamble') ?? null,
        closing: childOfKind(doc, 'closing') ?? null,
      };
      return r.drafts.insertVersion({ consultationId, version, sourceAttachmentId, frameJson: JSON.stringify(frame), clauses, sourceText: source?.text ?? null, sourceKind: source?.kind ?? null });
    },

    /** Stores an officer's corrected tree in place of a version's clauses, anchors recomputed. */
    async rewriteClauses(r: { drafts: DraftsRepository }, draftVersionId: number, roots: readonly DraftNode[]): Promise<void> {
      await r.drafts.replaceClauses(draftVersionId, toInserts(roots));
    },

    latestDraft(consultationId: number): Promise<DraftView | null> {
      return uow.read(async ({ drafts }) => {
        const version = await drafts.latestVersion(consultationId);
        return version ? draftOf(drafts, version) : null;
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
      });
      visit(n.children, n, depth + 1);
    }
  };
  visit(roots, null, 0);
  return clauses;
}

function buildTree(rows: readonly ClauseRow[]): { roots: ClauseView[]; flat: ClauseView[] } {
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
    byId.set(row.id, view);
    flat.push(view);
    const parent = row.parent_id === null ? undefined : byId.get(row.parent_id);
    (parent ? parent.children : roots).push(view);
  }
  return { roots, flat };
}

