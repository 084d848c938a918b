import { z } from 'zod';

export const PAGE_SIZE = 50;

export interface Pager {
  /** 1-based, clamped into 1..pages. */
  page: number;
  pages: number;
  total: number;
  limit: number;
  offset: number;
}

/** Which rows page `requested` of `total` holds; a page past the end shows the last one. */
export function pagerOf(requested: number, total: number, size = PAGE_SIZE): Pager {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.trunc(requested) || 1), pages);
  return { page, pages, total, limit: size, offset: (page - 1) * size };
}

/** A page number from a query string or form: anything that is not a positive integer means 1. */
export const pageNumber = z.coerce.number().int().positive().max(1_000_000).catch(1);

/** The page numbers a pagination bar offers: the first, the last, and two either side of the current one. */
export function pageLinks(pager: Pick<Pager, 'page' | 'pages'>): (number | null)[] {
  const shown = new Set([1, pager.pages]);
  for (let n = pager.page - 2; n <= pager.page + 2; n++) if (n >= 1 && n <= pager.pages) shown.add(n);
  const sorted = [...shown].sort((a, b) => a - b);
  const links: (number | null)[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1]! > 1) links.push(null);
    links.push(n);
  });
  return links;
}
