import type { FieldErrors } from '../web/validate';
import type { EarlierComment } from '../rounds/service';
import type { ClauseState } from './agency-tree';

const BOX = /^([cp])_(\d+)$/u;

/**
 * What the agency has on each clause, read only from what it has: the clauses that name it, its
 * saved comments, or the answers it just sent (when a refused form is shown again) and their errors.
 */
export function clauseStates(input: {
  related: readonly number[];
  saved: readonly { clause_id: number | null; text: string; proposed_text: string | null }[];
  values: Record<string, unknown> | null;
  errors: FieldErrors;
  earlier?: ReadonlyMap<number, readonly EarlierComment[]>;
}): Map<number, ClauseState> {
  const states = new Map<number, ClauseState>();
  const stateOf = (id: number): ClauseState => {
    let state = states.get(id);
    if (!state) {
      state = { related: false, comment: '', proposed: '', errors: undefined, earlier: [] };
      states.set(id, state);
    }
    return state;
  };
  for (const id of input.related) stateOf(id).related = true;
  for (const [id, comments] of input.earlier ?? []) stateOf(id).earlier = comments;
  if (input.values) {
    for (const [field, value] of Object.entries(input.values)) {
      const box = BOX.exec(field);
      if (!box || !value) continue;
      const state = stateOf(Number(box[2]));
      if (box[1] === 'c') state.comment = String(value);
      else state.proposed = String(value);
    }
  } else {
    for (const k of input.saved) {
      if (k.clause_id === null) continue;
      const state = stateOf(k.clause_id);
      state.comment = k.text;
      state.proposed = k.proposed_text ?? '';
    }
  }
  for (const [field, messages] of Object.entries(input.errors)) {
    const box = BOX.exec(field);
    if (box?.[1] === 'c' && messages.length) stateOf(Number(box[2])).errors = messages;
  }
  return states;
}
