import { formatVnDateTime } from '../time';
import type { AuditTrailRow } from './repository';

/** Who acted, by kind: the log never passes one kind of actor off as another. */
export type ActorKind = 'officer' | 'agency' | 'office_for_agency' | 'system' | 'cli';

export interface TrailEntry {
  id: number;
  at: string;
  actor: { kind: ActorKind; name: string | null; agency: string | null };
  /** A message key `audit.action.<action>` (or `audit.action.other`) and its variables. */
  action: string;
  vars: Record<string, string | number>;
  /** What changed, as message keys with their variables, one line each; `labels` are message keys listed in the line. */
  changes: { key: string; vars: Record<string, string | number>; labels?: string[] }[];
}

const KNOWN_ACTIONS = new Set([
  'consultation.create', 'consultation.update', 'consultation.deadline_change', 'consultation.end_now', 'consultation.publish',
  'draft.replace', 'draft.edit', 'attachment.add', 'recipients.set', 'invitation.resend', 'invitation.revoke',
  'reminder.send', 'reminder.auto', 'submission.submit', 'submission.enter', 'response.set', 'report.publish',
  'public_comment.publish', 'public_comment.reject', 'public_comment.hide', 'public_comment.answer',
]);

/** Columns of a consultation an update may change, by the form label that names them. */
const FIELD_LABELS: Record<string, string> = {
  number: 'cf.number', letter_date: 'cf.letterDate', place: 'cf.place', subject: 'cf.subject', draft_title: 'cf.draftTitle',
  legal_basis: 'cf.legalBasis', signer_prefix: 'cf.signerPrefix', signer_authority: 'cf.signerAuthority', signer_title: 'cf.signerTitle',
  signer_name: 'cf.signerName', contact_name: 'cf.contactName', contact_title: 'cf.contactTitle', contact_phone: 'cf.contactPhone',
  contact_email: 'cf.contactEmail', website_section: 'cf.websiteSection', late_policy: 'cf.latePolicy', letter_required: 'cf.letterRequired',
  deadline_at: 'cf.section.deadline', deadline_rule: 'cf.deadlineRule', summary: 'cf.summary',
};

function actorOf(row: AuditTrailRow): TrailEntry['actor'] {
  if (row.actor_kind === 'agency') return { kind: 'agency', name: row.agency_name, agency: row.agency_name };
  if (row.actor_kind === 'user' && row.action === 'submission.enter') return { kind: 'office_for_agency', name: row.user_name, agency: row.agency_name };
  if (row.actor_kind === 'user') return { kind: 'officer', name: row.user_name, agency: null };
  return { kind: row.actor_kind === 'cli' ? 'cli' : 'system', name: null, agency: null };
}

function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const when = (value: unknown): string => (typeof value === 'string' && value ? formatVnDateTime(value) : '');
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(text).filter(Boolean) : []);

function changesOf(action: string, d: Record<string, unknown>): TrailEntry['changes'] {
  switch (action) {
    case 'consultation.update':
    case 'consultation.deadline_change': {
      const changes: TrailEntry['changes'] = [];
      if (action === 'consultation.deadline_change') changes.push({ key: 'audit.change.deadline', vars: { from: when(d.from), to: when(d.to) } });
      const fields = list(d.fields).filter((f) => f !== 'deadline_at' && f !== 'deadline_rule');
      if (fields.length) changes.push({ key: 'audit.change.fields', vars: {}, labels: fields.map((f) => FIELD_LABELS[f] ?? 'audit.field.other') });
      return changes;
    }
    case 'consultation.end_now':
      return [{ key: 'audit.change.closed', vars: { closed: when(d.closedAt), deadline: when(d.deadline) } }];
    case 'recipients.set':
      return list(d.lines).length ? [{ key: 'audit.change.lines', vars: { lines: list(d.lines).join('; ') } }] : [];
    case 'attachment.add':
      return list(d.files).length ? [{ key: 'audit.change.files', vars: { files: list(d.files).join(', ') } }] : [];
    case 'draft.replace':
      return d.filename ? [{ key: 'audit.change.files', vars: { files: text(d.filename) } }] : [];
    case 'draft.edit':
      return [{ key: `audit.change.edit.${text(d.op) || 'save'}`, vars: {} }];
    case 'response.set':
    case 'public_comment.answer':
      return [{ key: `decision.${text(d.decision)}`, vars: {} }, ...(d.explanation ? [{ key: 'audit.change.explanation', vars: { text: text(d.explanation) } }] : [])];
    case 'submission.submit':
    case 'submission.enter':
      return [{ key: d.late ? 'audit.change.receipt_late' : 'audit.change.receipt', vars: { receipt: text(d.receiptNumber), revision: text(d.revision) } }];
    case 'public_comment.publish':
    case 'public_comment.reject':
    case 'public_comment.hide':
      return [
        ...(d.reason ? [{ key: 'moderation.audit.reason', vars: {}, labels: [`moderation.reason.${text(d.reason)}`] }] : []),
        ...(d.note ? [{ key: 'moderation.audit.note', vars: { text: text(d.note) } }] : []),
      ];
    default:
      return [];
  }
}

function varsOf(action: string, d: Record<string, unknown>): TrailEntry['vars'] {
  const count = (value: unknown) => (Array.isArray(value) ? value.length : Number(value) || 0);
  return {
    number: text(d.number),
    agency: text(d.agency),
    n: action === 'response.set' ? count(d.commentIds) : action === 'public_comment.answer' ? count(d.count) : action.startsWith('public_comment.') ? count(d.ids) : count(d.invited ?? d.reminded ?? d.comments),
  };
}

/** The log as its readers need it: who acted by kind and name, what happened and what changed. */
export function presentTrail(rows: AuditTrailRow[]): TrailEntry[] {
  return rows.map((row) => {
    const details = parse(row.details_json);
    const known = KNOWN_ACTIONS.has(row.action);
    return {
      id: row.id,
      at: row.at,
      actor: actorOf(row),
      action: known ? `audit.action.${row.action}` : 'audit.action.other',
      vars: { ...varsOf(row.action, details), code: row.action },
      changes: known ? changesOf(row.action, details) : [],
    };
  });
}
