import { z } from 'zod';

/** Route ids are positive integers written without sign, leading zeros or exponent. */
export const idParam = z.strictObject({ id: z.string().regex(/^[1-9]\d{0,9}$/u).transform(Number) });
export const clauseParams = z.strictObject({
  id: idParam.shape.id,
  anchor: z.string().regex(/^[a-z0-9-]{1,120}$/u),
});
