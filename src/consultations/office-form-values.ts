import type { Consultation } from '../db/tables';
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
  };
}
