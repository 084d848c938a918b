import type { DraftNode, NodeKind } from './clause-tree';

/** A clause being fixed before publishing: a DraftNode that remembers the id it was stored under. */
export interface EditableNode extends DraftNode {
  id: number | null;
  children: EditableNode[];
}

export type ClauseEdit =
  | { op: 'save'; label: string | null; heading: string | null; text: string }
  | { op: 'split'; text: string; newLabel: string | null; newText: string }
  | { op: 'merge_previous' }
  | { op: 'move_up' }
  | { op: 'move_down' }
  | { op: 'indent' }
  | { op: 'outdent' };

export class EditRefused extends Error {
  constructor(readonly reason: 'not_found' | 'no_previous' | 'no_next' | 'top_level' | 'empty') {
    super(reason);
  }
}

interface Place {
  node: EditableNode;
  siblings: EditableNode[];
  index: number;
  parent: EditableNode | null;
  parentSiblings: EditableNode[] | null;
}

function locate(roots: EditableNode[], id: number): Place {
  const visit = (siblings: EditableNode[], parent: EditableNode | null, parentSiblings: EditableNode[] | null): Place | null => {
    for (let index = 0; index < siblings.length; index++) {
      const node = siblings[index]!;
      if (node.id === id) return { node, siblings, index, parent, parentSiblings };
      const found = visit(node.children, node, siblings);
      if (found) return found;
    }
    return null;
  };
  const place = visit(roots, null, null);
  if (!place) throw new EditRefused('not_found');
  return place;
}

const joinText = (a: string, b: string): string => (a && b ? `${a}\n${b}` : a || b);

/** A merged clause's table, notes and comments go where its text goes. */
function carryExtras(from: DraftNode, to: DraftNode): void {
  if (from.rows) to.rows = [...(to.rows ?? []), ...from.rows];
  if (from.footnotes) to.footnotes = [...(to.footnotes ?? []), ...from.footnotes];
  if (from.endnotes) to.endnotes = [...(to.endnotes ?? []), ...from.endnotes];
  if (from.comments) to.comments = [...(to.comments ?? []), ...from.comments];
}

/**
 * Applies one fix to the tree in place. No edit drops text: a merge appends the clause's label,
 * heading and text to the previous one and hands over its children.
 */
export function applyEdit(roots: EditableNode[], id: number, edit: ClauseEdit): void {
  const place = locate(roots, id);
  const { node, siblings, index } = place;
  switch (edit.op) {
    case 'save':
      if (!edit.text.trim() && !edit.heading?.trim() && node.children.length === 0) throw new EditRefused('empty');
      node.label = edit.label;
      node.heading = edit.heading;
      node.text = edit.text;
      return;
    case 'split': {
      if (!edit.newText.trim()) throw new EditRefused('empty');
      node.text = edit.text;
      const kind: NodeKind = node.kind;
      siblings.splice(index + 1, 0, { id: null, kind, label: edit.newLabel, heading: null, text: edit.newText, children: [] });
      return;
    }
    case 'merge_previous': {
      const previous = siblings[index - 1];
      if (!previous) throw new EditRefused('no_previous');
      const carried = [node.label, node.heading, node.text].filter((p): p is string => Boolean(p && p.trim())).join(' ');
      const lastChild = previous.children.at(-1);
      if (lastChild && previous.children.length > 0) {
        // Text that followed the previous clause's last child continues that child.
        lastChild.text = joinText(lastChild.text, carried);
      } else {
        previous.text = joinText(previous.text, carried);
      }
      carryExtras(node, lastChild && previous.children.length > 0 ? lastChild : previous);
      previous.children.push(...node.children);
      siblings.splice(index, 1);
      return;
    }
    case 'move_up':
      if (index === 0) throw new EditRefused('no_previous');
      siblings.splice(index - 1, 2, node, siblings[index - 1]!);
      return;
    case 'move_down':
      if (index === siblings.length - 1) throw new EditRefused('no_next');
      siblings.splice(index, 2, siblings[index + 1]!, node);
      return;
    case 'indent': {
      const previous = siblings[index - 1];
      if (!previous) throw new EditRefused('no_previous');
      siblings.splice(index, 1);
      previous.children.push(node);
      return;
    }
    case 'outdent': {
      if (!place.parent || !place.parentSiblings) throw new EditRefused('top_level');
      siblings.splice(index, 1);
      const parentIndex = place.parentSiblings.indexOf(place.parent);
      place.parentSiblings.splice(parentIndex + 1, 0, node);
      return;
    }
  }
}
