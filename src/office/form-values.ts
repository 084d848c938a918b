import type { Consultation } from '../db/tables';
import type { LetterFacts } from '../drafts/letter-facts';
import { deadlineDisplayDate, formatVnDate, formatVnDateTime, vnDate } from '../time';

/** A stored consultation as the values of its edit form (the same names the form posts). */
export function formValuesOf(c: Consultation): Record<string, unknown> {
  const time = formatVnDateTime(c.deadline_at).slice(0, 5);
  return {
    number: c.number,
    letterDate: formatVnDate(c.letter_date),
    place: c.place,
    subject: c.subject,
    draftTitle: c.draft_title,
    summary: c.summary,
    legalBasis: c.legal_basis,
    websiteSection: c.website_section,
    signerPrefix: c.signer_prefix ?? '',
    signerAuthority: c.signer_authority,
    signerTitle: c.signer_title,
    signerName: c.signer_name,
    contactName: c.contact_name,
    contactTitle: c.contact_title,
    contactPhone: c.contact_phone,
    contactEmail: c.contact_email,
    deadlineDate: formatVnDate(c.deadline_rule === 'at_time' ? vnDate(new Date(c.deadline_at)) : deadlineDisplayDate(c.deadline_rule, c.deadline_at)),
    deadlineRule: c.deadline_rule,
    deadlineTime: c.deadline_rule === 'at_time' ? time : '',
    latePolicy: c.late_policy,
    letterRequired: c.letter_required === 1,
    publicComments: c.public_comments,
    publicNames: c.public_names === 1,
  };
}

/** The new-consultation form's fields a letter or draft file can fill in. */
const PREFILLED = ['number', 'letterDate', 'place', 'subject', 'draftTitle', 'signerPrefix', 'signerAuthority', 'signerTitle', 'signerName'] as const;

/**
 * The form's values with what a file says filling the fields left empty (what was typed stays),
 * the recipients it names ticked beside those already ticked, and the names of the fields it filled.
 */
export function prefilledValues(
  values: Record<string, string | string[]>,
  found: { facts: LetterFacts; agencyIds: number[]; groupIds: number[] },
): { values: Record<string, string | string[]>; filled: string[] } {
  const { facts } = found;
  const offered: Record<(typeof PREFILLED)[number], string | null> = {
    ...facts,
    letterDate: facts.letterDate ? formatVnDate(facts.letterDate) : null,
  };
  const next = { ...values };
  const filled: string[] = [];
  for (const name of PREFILLED) {
    const current = next[name];
    if (!offered[name] || (typeof current === 'string' && current.trim())) continue;
    next[name] = offered[name];
    filled.push(name);
  }
  const union = (typed: string | string[] | undefined, ids: number[]) => [...new Set([...(Array.isArray(typed) ? typed : []), ...ids.map(String)])];
  next.agencyIds = union(values.agencyIds, found.agencyIds);
  next.groupIds = union(values.groupIds, found.groupIds);
  return { values: next, filled };
}
