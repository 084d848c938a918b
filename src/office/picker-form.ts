import { z } from 'zod';
import { idsOf } from '../web/form-values';
import { pageNumber } from '../pagination';


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
    agencyIds: idsOf(body?.agencyIds),
    groupIds: idsOf(body?.groupIds),
  };
}

export type PickerState = ReturnType<typeof pickerState>;
