import type { ReportOptions } from './builder';
import { CLAUSE_TEXT_MODES, type ClauseTextMode } from './model';
import { Invalid } from '../errors';

/** `?clauseText=full|excerpt` (full when absent), for the report's pages and its API alike. */
export function reportOptionsOf(query: Record<string, unknown>): ReportOptions {
  const value = query.clauseText ?? 'full';
  if (typeof value !== 'string' || !(CLAUSE_TEXT_MODES as readonly string[]).includes(value)) {
    throw new Invalid({ clauseText: { key: 'report.clause_text_invalid' } });
  }
  return { clauseText: value as ClauseTextMode };
}
