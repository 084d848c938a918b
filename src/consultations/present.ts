import type { ClauseView } from '../drafts/service';
import { toVnIso } from '../time';
import type { ConsultationDetail, ConsultationSummary } from './service';

/** The JSON of the public API: camelCase, times as ISO-8601 with +07:00. */
export function summaryJson(s: ConsultationSummary) {
  return {
    id: s.id,
    number: s.number,
    subject: s.subject,
    office: s.officeName,
    status: s.status,
    deadline: toVnIso(s.deadlineAt),
    deadlineRule: s.deadlineRule,
    isDemo: s.isDemo,
  };
}

/**
 * How a clause is named where it stands alone (its permalink's heading and title): its label with
 * its heading, or with the first words of its text when it has none.
 */
export function clauseName(c: Pick<ClauseView, 'label' | 'heading' | 'text' | 'anchor'>, words = 10): string {
  const all = c.text.split(/\s+/u).filter(Boolean);
  const opening = all.length > words ? `${all.slice(0, words).join(' ')} …` : all.join(' ');
  return [c.label, c.heading ?? opening].filter(Boolean).join(' ') || c.anchor;
}

export const clauseJson = (c: ClauseView): unknown => ({
  id: c.id,
  kind: c.kind,
  label: c.label,
  heading: c.heading,
  text: c.text,
  anchor: c.anchor,
  // Never the drafter's comments: this is the public and the agencies' JSON.
  ...(c.rows ? { rows: c.rows } : {}),
  ...(c.footnotes ? { footnotes: c.footnotes } : {}),
  ...(c.endnotes ? { endnotes: c.endnotes } : {}),
  children: c.children.map(clauseJson),
});

export function detailJson(d: ConsultationDetail, baseUrl: string) {
  const c = d.consultation;
  return {
    ...summaryJson(d.summary),
    url: `${baseUrl}/consultations/${c.id}`,
    letterDate: c.letter_date,
    place: c.place,
    draftTitle: c.draft_title,
    summary: c.summary,
    legalBasis: c.legal_basis,
    office: { name: c.office_name, parentName: c.office_parent_name },
    originalDeadline: c.original_deadline_at ? toVnIso(c.original_deadline_at) : null,
    originalDeadlineRule: c.original_deadline_at ? (c.original_deadline_rule ?? c.deadline_rule) : null,
    closedAt: c.closed_at ? toVnIso(c.closed_at) : null,
    latePolicy: c.late_policy,
    letterRequired: c.letter_required === 1,
    publicComments: c.public_comments,
    signer: { prefix: c.signer_prefix, authority: c.signer_authority, title: c.signer_title, name: c.signer_name },
    contact: { name: c.contact_name, title: c.contact_title, phone: c.contact_phone, email: c.contact_email },
    websiteSection: c.website_section,
    publishedAt: c.published_at ? toVnIso(c.published_at) : null,
    report: c.report_published_at
      ? { publishedAt: toVnIso(c.report_published_at), url: `${baseUrl}/consultations/${c.id}/report`, docx: `${baseUrl}/consultations/${c.id}/report.docx` }
      : null,
    recipients: d.recipients,
    attachments: d.attachments.map((a) => ({
      id: a.id,
      kind: a.kind,
      title: a.title,
      filename: a.filename,
      contentType: a.content_type,
      size: a.size,
      url: `${baseUrl}/attachments/${a.id}/${encodeURIComponent(a.filename)}`,
    })),
    draft: d.draft ? { version: d.draft.version, clauses: d.draft.clauses.map(clauseJson) } : null,
  };
}
