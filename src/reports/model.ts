import type { DeadlineRule, ResponseDecision } from '../db/tables';

/**
 * The consolidated report ("Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý") as plain data:
 * every writer (HTML, DOCX, XLSX, CSV, JSON) renders this and nothing else.
 */
export interface ReportModel {
  office: {
    /** Cơ quan chủ quản, printed above the office (e.g. "UBND TỈNH GIA LAI"); may be null. */
    parentName: string | null;
    name: string;
    /** Ký hiệu, e.g. STTTT. */
    shortName: string | null;
  };
  consultation: {
    id: number;
    number: string;
    /** YYYY-MM-DD */
    letterDate: string;
    subject: string;
    draftTitle: string;
    draftVersion: number;
    /** The deadline in force (ISO instant) and its wording. */
    deadlineAt: string;
    deadlineRule: DeadlineRule;
    /** The deadline the letter printed, when the one in force differs (an extension, the demo). */
    letterDeadline: { at: string; rule: DeadlineRule } | null;
    /** When the office ended the consultation before its deadline (ISO instant), else null. */
    closedAt: string | null;
  };
  /** "Gia Lai, ngày 29 tháng 11 năm 2026" — the place and date line of the header. */
  placeAndDate: string;
  /** ISO instant the report was built, or published when it is. */
  generatedAt: string;
  publishedAt: string | null;
  counts: ReportCounts;
  /** Agencies that replied, in the order they were asked, with their letters. */
  replied: { name: string; letterNumber: string | null; letterDate: string | null; late: boolean; agreedWithoutComments: boolean; enteredByOffice: boolean }[];
  /** Agencies asked that did not reply, in the order asked; `revokedAt` when the office withdrew the request (revoked its link). */
  noReply: { name: string; revokedAt: string | null }[];
  /** I. general comments, then II. comments by clause in document order; STT runs across both. */
  general: ReportRow[];
  byClause: ReportRow[];
  /**
   * III. public comments (ý kiến của tổ chức, cá nhân góp ý trên Cổng thông tin): published ones only,
   * grouped per clause in document order, each group once with its count; null when the
   * consultation never took public comments.
   */
  publicComments: { total: number; groups: PublicReportGroup[] } | null;
  /** Whether "Nội dung dự thảo" holds each clause's full text (the default) or an excerpt the office chose. */
  clauseText: ClauseTextMode;
  /** "Nơi nhận" lines, each beginning with "- " as printed, and the signature block, as the officer will sign it. */
  distribution: string[];
  signature: { prefix: string | null; authority: string | null; title: string | null; name: string | null };
}

export const CLAUSE_TEXT_MODES = ['full', 'excerpt'] as const;
export type ClauseTextMode = (typeof CLAUSE_TEXT_MODES)[number];

export interface ReportCounts {
  /** Agencies asked (invitations, groups expanded), whatever became of their links. */
  asked: number;
  replied: number;
  agreedWithoutComments: number;
  /** Agencies whose reply holds at least one comment (general or on a clause). */
  commented: number;
  noReply: number;
  /** Of those with no reply, how many had their link revoked by the office. */
  revoked: number;
  late: number;
  /** Comments in the table (general + by clause). */
  comments: number;
  answered: number;
  /** Published public comments, their groups, and the groups answered. */
  publicComments: number;
  publicGroups: number;
  publicAnswered: number;
}

/** One group of published public comments with near-identical texts on one clause (or the whole draft). */
export interface PublicReportGroup {
  /** The clause's label as printed ("1.2."), null for comments on the whole draft. */
  clauseLabel: string | null;
  /** The clause, worded as the report's other clauses are (whole or excerpt). */
  clause?: { id: number; label: string | null; heading: string | null; text: string; anchor: string };
  count: number;
  /** The representative text: the group's first comment. */
  text: string;
  /** At most a few names, only where the office shows names and the commenter agreed; never an e-mail address. */
  names: string[];
  decision: ResponseDecision | null;
  explanation: string | null;
}

export interface ReportRow {
  /** Số thứ tự in the table, from 1. */
  stt: number;
  commentId: number;
  /** Null for a general comment. */
  /** `text` is the clause's own wording, whole unless the report was asked for excerpts. */
  clause: { id: number; label: string | null; heading: string | null; text: string; anchor: string } | null;
  agency: string;
  text: string;
  proposedText: string | null;
  /** The letter the comment came in. */
  letterNumber: string | null;
  letterDate: string | null;
  /** The signed letter's file, for the office's own pages (an office-only download; never in a published format). */
  letterFile?: { id: number; filename: string } | null;
  late: boolean;
  /** A row of section III (public comments): the group of near-identical comments it stands for. */
  portal?: { count: number };
  /** Comments answered together share a key; the first row of a group carries `groupSize`. */
  groupKey: string | null;
  groupSize: number;
  response: {
    decision: ResponseDecision;
    explanation: string | null;
    decidedBy: string | null;
    decidedAt: string;
    /** Where the office applied it in the next round's draft (tiếp thu tại …), once it says so. */
    appliedAt?: { clauseId: number; label: string; version: number } | null;
  } | null;
}

export const DECISION_LABELS: Record<ResponseDecision, string> = {
  accepted: 'Tiếp thu',
  partly_accepted: 'Tiếp thu một phần',
  not_accepted: 'Giải trình, không tiếp thu',
  noted: 'Ghi nhận',
};

/**
 * "Đã tiếp thu tại Điều 5 Dự thảo lần 2": where the office applied a comment in the next round's
 * draft. A numbered item's label ("1.2.") reads as "mục 1.2".
 */
export function appliedLine(response: ReportRow['response']): string | null {
  if (!response?.appliedAt) return null;
  const label = response.appliedAt.label.replace(/\.$/u, '');
  return `Đã tiếp thu tại ${/^\d/u.test(label) ? `mục ${label}` : label} Dự thảo lần ${response.appliedAt.version}`;
}
