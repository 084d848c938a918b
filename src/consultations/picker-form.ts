import { z } from 'zod';
import { pageNumber } from '../web/pagination';

const ids = (value: unknown): number[] =>
  [...new Set((value === undefined ? [] : Array.isArray(value) ? value : [value]).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0))];

const pickerFields = z.object({
  pickerQ: z.string().max(200).optional().catch(undefined),
  pickerPage: pageNumber.optional(),
  pickerAction: z.literal('search').optional().catch(undefined),
});

/**
 * The recipient picker's part of a posted form. Its search button and page buttons submit the whole
 * form so that every ticked box travels with it (no JavaScript); such a post only shows the picker
 * again, with the choices kept, and saves nothing.
 */
export function pickerState(body: Record<string, unknown> | undefined) {
  const fields = pickerFields.parse(body ?? {});
  return {
    refresh: fields.pickerAction === 'search' || fields.pickerPage !== undefined,
    q: fields.pickerQ?.trim() ?? '',
    page: fields.pickerPage ?? 1,
    agencyIds: ids(body?.agencyIds),
    groupIds: ids(body?.groupIds),
  };
}

export type PickerState = ReturnType<typeof pickerState>;
