import type { PublicCommentState } from '../db/tables';

/** States a moderator or the public ever sees: an unconfirmed comment is nobody's yet. */
export const LISTED_STATES = ['pending', 'published', 'rejected', 'hidden'] as const satisfies readonly PublicCommentState[];
export type ListedState = (typeof LISTED_STATES)[number];
