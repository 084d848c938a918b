import { z } from 'zod';

/**
 * A form field the browser may send not at all, once or several times (checkboxes, a multiple
 * select): always a list of its texts. A part named like `field[key]`, which multipart parsing turns
 * into an object, is no value of the field.
 */
export function listOf(value: unknown): string[] {
  const values = Array.isArray(value) ? (value as unknown[]) : value === undefined || value === null ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** A list field of a form schema: nothing, one value or several, each checked by `item`. */
export const manyValues = <T extends z.ZodType>(item: T, max: number) => z.preprocess(listOf, z.array(item).max(max, 'form.too_many_items'));

/** Ids ticked in a list of checkboxes, each once; a value that is no id is ignored. */
export const idList = (max: number) =>
  z.preprocess(listOf, z.array(z.string()).max(max, 'form.too_many_items')).transform((values) => {
    const ids = values.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    return [...new Set(ids)];
  });

/** The ids a list field names, for a page shown again before (or without) its schema. */
export const idsOf = (value: unknown): number[] => [...new Set(listOf(value).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0))];

/**
 * What a refused form is shown again with: its list fields as lists, every other field as one text
 * (the first, when a page or a client sent it twice), so a template never has to guess the shape.
 */
export function keptValues(body: unknown, lists: readonly string[] = []): Record<string, string | string[]> {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(source)) {
    if (lists.includes(name)) continue;
    const first = listOf(value)[0] ?? (Array.isArray(value) ? '' : typeof value === 'string' ? value : undefined);
    if (first !== undefined) kept[name] = first;
  }
  for (const name of lists) kept[name] = listOf(source[name]);
  return kept;
}
