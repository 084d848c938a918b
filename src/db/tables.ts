import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row types of every table; see migrations/ for what each column means. */
export interface OfficesTable {
  id: Generated<number>;
  name: string;
  parent_name: string | null;
  short_name: string | null;
  place: string | null;
  website: string | null;
  created_at: Generated<string>;
}

export interface UsersTable {
  id: Generated<number>;
  office_id: number | null;
  email: string;
  name: string;
  role: 'admin' | 'officer';
  password_hash: string | null;
  created_at: Generated<string>;
  disabled_at: string | null;
  /** When the officer last viewed the office's dashboard. */
  office_seen_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  csrf_secret: string;
  created_at: Generated<string>;
  expires_at: string;
  /** The user's office when the session was opened; the session ends if the user moves. */
  office_id: number | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: Generated<string>;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AgenciesTable {
  id: Generated<number>;
  office_id: number;
  name: string;
  short_name: string | null;
  created_at: Generated<string>;
  archived_at: string | null;
  /** searchKey(name) and searchKey(short_name), written with the name (see migration 0005). */
  name_search: Generated<string>;
  short_search: Generated<string | null>;
}

export interface AgencyEmailsTable {
  id: Generated<number>;
  agency_id: number;
  email: string;
  position: Generated<number>;
}

export interface AgencyGroupsTable {
  id: Generated<number>;
  office_id: number;
  name: string;
  description: string | null;
  created_at: Generated<string>;
}

export interface AgencyGroupMembersTable {
  group_id: number;
  agency_id: number;
  position: Generated<number>;
}

export type DeadlineRule = 'before_date' | 'by_end_of_date' | 'at_time';
export type LatePolicy = 'refuse' | 'accept_late';
export type ConsultationStatus = 'draft' | 'open' | 'report_published';

export interface ConsultationsTable {
  id: Generated<number>;
  office_id: number;
  number: string;
  letter_date: string;
  place: string | null;
  subject: string;
  draft_title: string | null;
  summary: string | null;
  legal_basis: string | null;
  signer_prefix: 'KT.' | 'TM.' | 'Q.' | 'TL.' | 'TUQ.' | null;
  signer_authority: string | null;
  signer_title: string | null;
  signer_name: string | null;
  contact_name: string | null;
  contact_title: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  website_section: string | null;
  deadline_at: string;
  /** The deadline the letter printed, when the one in force differs (demo, extension), with its own wording. */
  original_deadline_at: string | null;
  original_deadline_rule: DeadlineRule | null;
  deadline_rule: DeadlineRule;
  /** When the office ended the consultation before its deadline; the deadline itself is left as written. */
  closed_at: string | null;
  late_policy: Generated<LatePolicy>;
  letter_required: Generated<number>;
  status: Generated<ConsultationStatus>;
  is_demo: Generated<number>;
  created_by: number | null;
  created_at: Generated<string>;
  published_at: string | null;
  report_published_at: string | null;
  auto_reminder_at: string | null;
  /** The round this follow-up follows, and its draft document's first round; null on a first round. */
  previous_round_id: number | null;
  first_round_id: number | null;
  /** Its place among its draft document's rounds, 1 for the first. */
  round: Generated<number>;
  /** Whether citizens may comment on the portal, and whether a moderator reads a comment before or after it is shown. */
  public_comments: Generated<PublicCommentsMode>;
  /** 1 when commenters' names are shown where they agreed to it; 0 shows no names at all. */
  public_names: Generated<number>;
}

export type PublicCommentsMode = 'off' | 'before_moderation' | 'after_moderation';
export type PublicCommentState = 'unconfirmed' | 'pending' | 'published' | 'rejected' | 'hidden';

/** A comment from anyone on the public page (see migration 0011): confirmed by mail or sign-in, then moderated and answered. */
export interface PublicCommentsTable {
  id: Generated<number>;
  consultation_id: number;
  /** Null for a comment on the whole draft. */
  clause_id: number | null;
  name: string;
  email: string;
  /** The address as limits and caps count it: trimmed, lower case. */
  email_key: string;
  organisation: string | null;
  text: string;
  show_name: Generated<number>;
  /** The language the author wrote in, for the mail they get. */
  lang: Generated<string>;
  state: PublicCommentState;
  via: Generated<'mail' | 'oidc' | 'office'>;
  confirm_token_hash: string | null;
  /** An unconfirmed comment is dropped after this instant. */
  expires_at: string | null;
  /** Why a moderator should look: "abuse", "link", comma-separated; never a rejection by itself. */
  flags: string | null;
  created_at: string;
  confirmed_at: string | null;
  published_at: string | null;
  moderated_at: string | null;
  moderated_by: number | null;
  /** A rejected or hidden comment's reason, from the list, and the moderator's words. */
  reason: string | null;
  reason_note: string | null;
  decision: ResponseDecision | null;
  explanation: string | null;
  decided_by: number | null;
  decided_at: string | null;
}

export interface ConsultationRecipientsTable {
  id: Generated<number>;
  consultation_id: number;
  position: number;
  label: string;
  agency_id: number | null;
  group_id: number | null;
}

export type AttachmentKind = 'draft_source' | 'request_letter' | 'other' | 'reply_letter' | 'report';

export interface AttachmentsTable {
  id: Generated<number>;
  consultation_id: number | null;
  kind: AttachmentKind;
  title: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  is_public: Generated<number>;
  created_at: Generated<string>;
}

export interface DraftVersionsTable {
  id: Generated<number>;
  consultation_id: number;
  version: number;
  source_attachment_id: number | null;
  frame_json: Generated<string>;
  created_at: Generated<string>;
  source_text: string | null;
  source_kind: string | null;
}

export interface ClausesTable {
  id: Generated<number>;
  draft_version_id: number;
  parent_id: number | null;
  position: number;
  depth: number;
  kind: string;
  label: string | null;
  heading: string | null;
  text: Generated<string>;
  anchor: string;
  /** JSON of { rows?, footnotes?, endnotes?, comments? } (0008), null when the clause has none. */
  extras_json: string | null;
}

export interface InvitationsTable {
  id: Generated<number>;
  consultation_id: number;
  agency_id: number;
  token_hash: string | null;
  created_at: Generated<string>;
  sent_at: string | null;
  opened_at: string | null;
  revoked_at: string | null;
  last_reminded_at: string | null;
}

export interface SubmissionsTable {
  id: Generated<number>;
  invitation_id: number;
  state: 'draft' | 'submitted';
  revision: Generated<number>;
  general_comment: string | null;
  agree_without_comments: Generated<number>;
  letter_number: string | null;
  letter_date: string | null;
  letter_signer: string | null;
  letter_signer_title: string | null;
  letter_attachment_id: number | null;
  saved_by: string | null;
  saved_at: Generated<string>;
  submitted_at: string | null;
  late: Generated<number>;
  receipt_number: string | null;
  entered_by_user_id: number | null;
  /** 1 when an officer entered the reply for the agency; stays 1 if that account is later removed. */
  entered_by_office: Generated<number>;
}

export interface CommentsTable {
  id: Generated<number>;
  submission_id: number;
  clause_id: number | null;
  text: string;
  proposed_text: string | null;
  position: Generated<number>;
}

export type ResponseDecision = 'accepted' | 'partly_accepted' | 'not_accepted' | 'noted';

export interface ResponsesTable {
  id: Generated<number>;
  comment_id: number;
  group_key: string | null;
  decision: ResponseDecision;
  explanation: string | null;
  decided_by: number | null;
  decided_at: Generated<string>;
  /** The clause of the next round's draft where the office applied the comment (tiếp thu tại …). */
  applied_clause_id: Generated<number | null>;
}

export interface OutboxTable {
  id: Generated<number>;
  consultation_id: number | null;
  invitation_id: number | null;
  template: string;
  to_address: string;
  cc_address: string | null;
  subject: string;
  body_text: string;
  body_html: string | null;
  state: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<string>;
  last_error: string | null;
  created_at: Generated<string>;
  sent_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<string>;
  actor_kind: 'system' | 'user' | 'agency' | 'cli';
  actor_id: number | null;
  /** The agency acted for: the agency itself (actor_kind 'agency') or the one an officer entered a reply for. */
  agency_id: number | null;
  action: string;
  entity: string;
  entity_id: number | null;
  details_json: string | null;
}

export interface InvitationTokensTable {
  id: Generated<number>;
  invitation_id: number;
  token_hash: string;
  created_at: Generated<string>;
  revoked_at: string | null;
}

export interface Database {
  offices: OfficesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  agencies: AgenciesTable;
  agency_emails: AgencyEmailsTable;
  agency_groups: AgencyGroupsTable;
  agency_group_members: AgencyGroupMembersTable;
  consultations: ConsultationsTable;
  consultation_recipients: ConsultationRecipientsTable;
  attachments: AttachmentsTable;
  draft_versions: DraftVersionsTable;
  clauses: ClausesTable;
  invitations: InvitationsTable;
  invitation_tokens: InvitationTokensTable;
  submissions: SubmissionsTable;
  comments: CommentsTable;
  responses: ResponsesTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  receipt_counters: ReceiptCountersTable;
  rate_limits: RateLimitsTable;
  change_counters: ChangeCountersTable;
  clause_pairs: ClausePairsTable;
  public_comments: PublicCommentsTable;
}

/** Grows by one whenever something a kept page is built from changes, on any instance. */
export type ClauseChange = 'unchanged' | 'modified' | 'moved' | 'added' | 'removed';

/** One pair of the comparison between a follow-up's draft and the round it follows, in the follow-up's order. */
export interface ClausePairsTable {
  id: Generated<number>;
  consultation_id: number;
  position: number;
  change: ClauseChange;
  renumbered: Generated<number>;
  before_clause_id: number | null;
  after_clause_id: number | null;
  /** Set by an officer, not by the matching. */
  corrected: Generated<number>;
}

export interface ChangeCountersTable {
  name: string;
  n: number;
}

/** A rate limiter's count for one key, in the window that ends at reset_at (ISO-8601 UTC). */
export interface RateLimitsTable {
  key: string;
  hits: number;
  reset_at: string;
}

/** The last receipt number an office gave in a year (Vietnam time): numbers run 1, 2, 3 … without gaps. */
export interface ReceiptCountersTable {
  office_id: number;
  year: number;
  last_number: number;
}

export type Consultation = Selectable<ConsultationsTable>;
export type NewConsultation = Insertable<ConsultationsTable>;
export type ConsultationUpdate = Updateable<ConsultationsTable>;
export type ClauseRow = Selectable<ClausesTable>;
export type Office = Selectable<OfficesTable>;
