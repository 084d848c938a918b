import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { LRUCache } from 'lru-cache';
import type { ClauseView, DraftView } from '../drafts/service';
import type { Lang, Translate } from '../i18n';
import type { EarlierComment } from '../rounds/service';
import { repeatedLabelsOf } from '../web/locals';

/** What one agency has on one clause; a clause absent from the map has nothing. */
export interface ClauseState {
  related: boolean;
  comment: string;
  proposed: string;
  errors: string[] | undefined;
  /** Its own comments on the matched clause of the round before, with the office's answers. */
  earlier: readonly EarlierComment[];
}

interface Slot {
  node: ClauseView;
  trail: string[];
  start: number;
  end: number;
}

interface RenderedTree {
  html: string;
  /** Where each clause's own part (views/agency/clause-head.ejs) lies in `html`. */
  slots: Map<number, Slot>;
  repeatedLabels: Set<string>;
}

const EMPTY: ClauseState = { related: false, comment: '', proposed: '', errors: undefined, earlier: [] };

/**
 * The agency page's clause tree, rendered once per published draft version, language and whether
 * the boxes are writable, with every box empty. A view then re-renders only the clauses where the
 * agency has something (its comments, proposed texts, errors, the clauses that name it) and splices
 * them in, so its cost follows what the agency wrote, not the size of the draft. Published versions
 * never change (edits and re-imports are refused), so a kept tree is never stale.
 */
export function createAgencyTreeCache(options: { viewsDir: string; maxBytes?: number }) {
  const filename = path.join(options.viewsDir, 'agency', 'clause-head.ejs');
  // cache: the partial it includes (field-error) is compiled once, not once per clause.
  const head = ejs.compile(readFileSync(filename, 'utf8'), { filename, cache: true });
  const trees = new LRUCache<string, RenderedTree>({ maxSize: options.maxBytes ?? 256 * 1024 * 1024, sizeCalculation: (tree) => 2 * tree.html.length + 100 * tree.slots.size });
  let renders = 0;

  const clauseHtml = (slot: Pick<Slot, 'node' | 'trail'>, state: ClauseState, common: { writable: boolean; t: Translate; lang: Lang; repeatedLabels: Set<string> }) =>
    head({
      ...common,
      node: slot.node,
      trail: slot.trail,
      isRelated: state.related,
      comment: state.comment,
      proposed: state.proposed,
      err: state.errors,
      errors: state.errors ? { [`c_${slot.node.id}`]: state.errors } : {},
      earlier: state.earlier,
    });

  function build(draft: DraftView, common: { writable: boolean; t: Translate; lang: Lang }): RenderedTree {
    renders++;
    const repeatedLabels = repeatedLabelsOf(draft.flat);
    const parts: string[] = [];
    const slots = new Map<number, Slot>();
    let length = 0;
    const push = (text: string) => {
      parts.push(text);
      length += text.length;
    };
    // The same markup as views/agency/clause-node.ejs, which the office's clerk entry page renders.
    const visit = (nodes: readonly ClauseView[], trail: string[]) => {
      for (const node of nodes) {
        const start = length;
        push(clauseHtml({ node, trail }, EMPTY, { ...common, repeatedLabels }));
        slots.set(node.id, { node, trail, start, end: length });
        if (node.children.length) {
          push('\n  <ol class="agency-tree">\n');
          visit(node.children, [...trail, node.label || node.heading].filter((x): x is string => Boolean(x)));
          push('  </ol>\n');
        }
        push('</li>\n');
      }
    };
    visit(draft.clauses, []);
    return { html: parts.join(''), slots, repeatedLabels };
  }

  return {
    /** How many trees were rendered whole: once per version, language and writability while kept. */
    get renders(): number {
      return renders;
    },

    /** The tree's HTML with this agency's clauses filled in, and the nodes of the clauses it lists as related. */
    render(draft: DraftView, view: { lang: Lang; t: Translate; writable: boolean; states: ReadonlyMap<number, ClauseState> }) {
      const common = { lang: view.lang, t: view.t, writable: view.writable };
      const key = `${draft.id}:${view.lang}:${view.writable ? 'w' : 'r'}`;
      let tree = trees.get(key);
      if (!tree) {
        tree = build(draft, common);
        trees.set(key, tree);
      }
      const own = [...view.states].flatMap(([id, state]) => {
        const slot = tree.slots.get(id);
        return slot ? [{ slot, state }] : [];
      });
      own.sort((a, b) => a.slot.start - b.slot.start);
      let html = '';
      let at = 0;
      for (const { slot, state } of own) {
        html += tree.html.slice(at, slot.start) + clauseHtml(slot, state, { ...common, repeatedLabels: tree.repeatedLabels });
        at = slot.end;
      }
      html += tree.html.slice(at);
      const related = own.filter((o) => o.state.related).map((o) => o.slot.node);
      return { html, related };
    },
  };
}

export type AgencyTreeCache = ReturnType<typeof createAgencyTreeCache>;
