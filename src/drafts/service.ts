import { LRUCache } from 'lru-cache';
import type { ClauseRow } from '../db/tables';
import { assignAnchors } from './anchors';
import { type DraftNode, childOfKind } from './clause-tree';
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

const PUBLISHED_DRAFTS_KEPT = 50;

export function createDraftsService(repo: DraftsRepository) {
  const published = new LRUCache<number, DraftView>({ max: PUBLISHED_DRAFTS_KEPT });

  async function draftOf(version: { id: number; version: number; frame_json: string }): Promise<DraftView> {
    const { roots, flat } = buildTree(await repo.clausesOf(version.id));
    return { id: version.id, version: version.version, frame: JSON.parse(version.frame_json) as DraftFrame, clauses: roots, flat };
  }

  return {
    /** Stores one parsed document as a draft version of a consultation. */
    async saveParsed(consultationId: number, version: number, doc: DraftNode, sourceAttachmentId: number | null, source?: { text: string; kind: string }): Promise<number> {
      const body = childOfKind(doc, 'body')?.children ?? [];
      const clauses = toInserts(body);
      const frame: DraftFrame = {
        header: childOfKind(doc, 'header') ?? null,
        preamble: childOfKind(doc, 'preamble') ?? null,
        closing: childOfKind(doc, 'closing') ?? null,
      };
      return repo.insertVersion({ consultationId, version, sourceAttachmentId, frameJson: JSON.stringify(frame), clauses, sourceText: source?.text ?? null, sourceKind: source?.kind ?? null });
    },

    /** Stores an officer's corrected tree in place of a version's clauses, anchors recomputed. */
    async rewriteClauses(draftVersionId: number, roots: readonly DraftNode[]): Promise<void> {
      await repo.replaceClauses(draftVersionId, toInserts(roots));
    },

    async latestDraft(consultationId: number): Promise<DraftView | null> {
      const version = await repo.latestVersion(consultationId);
      return version ? draftOf(version) : null;
    },

    /**
     * The latest draft of a published consultation, kept in memory by version: once published, a
     * version's clauses never change (edits and re-imports are refused), and a new import is a new
     * version. Callers must not change the returned tree.
     */
    async publishedDraft(consultationId: number): Promise<DraftView | null> {
      const latest = await repo.latestVersionId(consultationId);
      if (latest === undefined) return null;
      const cached = published.get(latest);
      if (cached) return cached;
      const version = await repo.latestVersion(consultationId);
      if (!version) return null;
      const draft = await draftOf(version);
      published.set(version.id, draft);
      return draft;
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

