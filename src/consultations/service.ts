import type { Clock } from '../clock';
import type { Consultation, ConsultationStatus } from '../db/tables';
import type { DraftView, DraftsService } from '../drafts/service';
import { closesAt, daysLeft, isPastDeadline, vnMidnight } from '../time';
import type { Uow } from '../repositories';
import type { ConsultationsRepository } from './repository';

/** The status people see: "closed" is decided from the clock, not from a job having run. */
export type PublicStatus = Exclude<ConsultationStatus, 'open'> | 'open' | 'closed';

export function publicStatus(c: Pick<Consultation, 'status' | 'deadline_at' | 'closed_at'>, now: Date): PublicStatus {
  if (c.status === 'open' && isPastDeadline(c, now)) return 'closed';
  return c.status;
}

export interface ConsultationSummary {
  id: number;
  number: string;
  subject: string;
  draftTitle: string | null;
  officeName: string;
  status: PublicStatus;
  deadlineAt: string;
  deadlineRule: Consultation['deadline_rule'];
  daysLeft: number;
  isDemo: boolean;
}

export interface RecipientLine {
  label: string;
  /** Member agencies when the line names a group ("Ủy ban nhân dân các huyện, thị xã, thành phố"). */
  members: string[];
}

export type ConsultationRow = NonNullable<Awaited<ReturnType<ConsultationsRepository['findPublished']>>>;

export interface ConsultationDetail {
  consultation: ConsultationRow;
  summary: ConsultationSummary;
  recipients: RecipientLine[];
  attachments: Awaited<ReturnType<ConsultationsRepository['publicAttachments']>>;
  draft: DraftView | null;
  /** Days from the letter's date to the deadline it printed (the demo keeps this window). */
  letterWindowDays: number | null;
}

export function createConsultationsService(deps: { uow: Uow; drafts: DraftsService; clock: Clock }) {
  const { uow, drafts, clock } = deps;

  const summarise = (c: ConsultationRow, now: Date): ConsultationSummary => ({
    id: c.id,
    number: c.number,
    subject: c.subject,
    draftTitle: c.draft_title,
    officeName: c.office_name,
    status: publicStatus(c, now),
    deadlineAt: c.deadline_at,
    deadlineRule: c.deadline_rule,
    daysLeft: daysLeft(closesAt(c), now),
    isDemo: c.is_demo === 1,
  });

  async function detailOf(consultation: ConsultationRow, draft: DraftView | null): Promise<ConsultationDetail> {
    const id = consultation.id;
    const [lines, members, attachments] = await Promise.all([uow.read((r) => r.consultations.recipientLines(id)), uow.read((r) => r.consultations.groupMembers(id)), uow.read((r) => r.consultations.publicAttachments(id))]);
    const recipients = lines.map((line) => ({
      label: line.label,
      members: members.filter((m) => m.line_id === line.id).map((m) => m.agency_name),
    }));
    const letterWindowDays = consultation.original_deadline_at
      ? daysLeft(consultation.original_deadline_at, vnMidnight(consultation.letter_date))
      : null;
    return { consultation, summary: summarise(consultation, clock.now()), recipients, attachments, draft, letterWindowDays };
  }

  return {
    /** A public attachment (the draft's source, the request letter, the published report), by id. */
    publicAttachment: (id: number) => uow.read((r) => r.attachments.findPublic(id)),

    /** Published consultations: open ones first (nearest deadline first), then the others (latest first). */
    async listPublic(): Promise<{ open: ConsultationSummary[]; closed: ConsultationSummary[] }> {
      const now = clock.now();
      const all = (await uow.read((r) => r.consultations.listPublished())).map((c) => summarise(c, now));
      return {
        open: all.filter((c) => c.status === 'open'),
        closed: all.filter((c) => c.status !== 'open').reverse(),
      };
    },

    async getPublic(id: number): Promise<ConsultationDetail | null> {
      const consultation = await uow.read((r) => r.consultations.findPublished(id));
      if (!consultation) return null;
      return detailOf(consultation, await drafts.publishedDraft(id));
    },

    /**
     * The public page of a consultation not yet published, as citizens will see it once it is: open,
     * from now. The draft is read afresh (an unpublished tree still changes, so it is never cached).
     * The caller has checked that the officer's office owns it.
     */
    async previewPublic(id: number): Promise<ConsultationDetail | null> {
      const row = await uow.read((r) => r.consultations.findAnyStatus(id));
      if (!row) return null;
      const consultation = row.status === 'draft' ? { ...row, status: 'open' as const, published_at: clock.now().toISOString() } : row;
      return detailOf(consultation, await drafts.latestDraft(id));
    },
  };
}

export type ConsultationsService = ReturnType<typeof createConsultationsService>;
