import type { ClauseView } from '../drafts/service';
import { foldName } from '../offices/repository';

const wordsOf = (text: string): Set<string> => new Set(foldName(text).split(/[\s,.;:()"“”-]+/u).filter(Boolean));

/**
 * Whether a clause's heading names an agency (or a group it belongs to): one contains the other,
 * or their words mostly agree ("Các doanh nghiệp viễn thông cung cấp dịch vụ Internet …" names the
 * group "Các doanh nghiệp cung cấp dịch vụ Internet …").
 */
export function headingNames(heading: string, name: string): boolean {
  const h = foldName(heading);
  const n = foldName(name);
  if (!h || !n) return false;
  if (h.includes(n) || (n.includes(h) && h.length >= 8)) return true;
  const hw = wordsOf(heading);
  const nw = wordsOf(name);
  const shared = [...nw].filter((w) => hw.has(w)).length;
  return shared / new Set([...hw, ...nw]).size >= 0.75;
}

/** The clauses addressed to this agency, listed first on its page as "Nội dung liên quan đến đơn vị". */
export function relatedClauseIds(flat: readonly ClauseView[], names: readonly string[]): number[] {
  return flat.filter((c) => c.heading && names.some((n) => headingNames(c.heading!, n))).map((c) => c.id);
}
