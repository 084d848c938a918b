import type { DraftNode } from './clause-tree';

/** ASCII slug of Vietnamese text: "Chương II" → "chuong-ii", "đ)" → "d". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

const isRomanSection = (n: DraftNode): boolean => n.kind === 'section' && /^[IVXLC]+\.$/u.test(n.label ?? '');

/** One segment of a clause's anchor, from its kind and label. */
function segment(n: DraftNode, insideArticle: boolean, index: number): string {
  const label = slug(n.label ?? '');
  if (isRomanSection(n)) return `muc-${label}`;
  switch (n.kind) {
    case 'part':
    case 'chapter':
    case 'section':
    case 'subsection':
    case 'article':
      return label || `${n.kind}-${index + 1}`;
    case 'clause':
      return `${insideArticle ? 'khoan' : 'muc'}-${label}`;
    case 'item':
      return `muc-${label}`;
    case 'point':
      return `diem-${label}`;
    case 'appendix':
      return label || 'phu-luc';
    case 'attached_document':
      return label || `van-ban-${index + 1}`;
    default:
      return `y${index + 1}`;
  }
}

/**
 * Stable, readable anchors for every clause: "dieu-5-khoan-2-diem-a" in a law,
 * "muc-2" and "muc-2-3" in a letter, "muc-ii-4" for item 4. of a letter's section II.
 * Articles are numbered through the whole law, so an article starts its own chain; a letter's
 * numbers restart in each Roman section, so they chain after it; dash items take their place
 * among their siblings. An appendix is "phu-luc-1" (its label); a document the draft issues is
 * "quy-che" (the first line of its title), and its clauses chain after it ("quy-che-dieu-2",
 * "quy-che-phu-luc-1"), so its "Điều 1" never takes the decision's anchor.
 */
export function assignAnchors(roots: readonly DraftNode[]): Map<DraftNode, string> {
  const anchors = new Map<DraftNode, string>();
  const used = new Set<string>();
  /** The next suffix to try per chain: many clauses with one label would otherwise retry 2, 3, … each time. */
  const nextSuffix = new Map<string, number>();
  const visit = (nodes: readonly DraftNode[], prefix: string, insideArticle: boolean, romanSection: string, base = ''): void => {
    nodes.forEach((n, i) => {
      const own = segment(n, insideArticle, i);
      const letterNumber = n.kind === 'item' || (n.kind === 'clause' && !insideArticle);
      const restarts = n.kind === 'article' || n.kind === 'appendix' || letterNumber || !prefix;
      const rooted = (s: string): string => (base ? `${base}-${s}` : s);
      const chain = letterNumber && romanSection ? `${romanSection}-${own.replace(/^muc-/u, '')}` : restarts ? rooted(own) : `${prefix}-${own}`;
      let anchor = chain;
      if (used.has(anchor)) {
        let k = nextSuffix.get(chain) ?? 2;
        while (used.has(`${chain}-${k}`)) k++;
        anchor = `${chain}-${k}`;
        nextSuffix.set(chain, k + 1);
      }
      used.add(anchor);
      anchors.set(n, anchor);
      const inArticle = insideArticle || n.kind === 'article';
      if (n.kind === 'attached_document') {
        visit(n.children, '', false, '', anchor);
        return;
      }
      visit(n.children, anchor, inArticle, isRomanSection(n) && !inArticle ? anchor : n.kind === 'article' ? '' : romanSection, base);
    });
  };
  visit(roots, '', false, '');
  return anchors;
}
