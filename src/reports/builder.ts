import { closesAt, vnDate } from '../time';
import { groupComments, groupKeyOf } from './grouping';
import { distributionLines } from './distribution';
import type { ClauseTextMode, PublicReportGroup, ReportModel, ReportRow } from './model';
import type { ReportsRepository } from './repository';
import { orderedPublicGroups, shownNames } from '../public-comments/answer-groups';
import type { PublicCommentsRepository } from '../public-comments/repository';

/** The repositories a report is read from. */
export interface ReportSources {
  reports: ReportsRepository;
  publicComments: Pick<PublicCommentsRepository, 'publishedTexts' | 'publishedClauses'>;
}

const EXCERPT_WORDS = 30;

/** The clause's wording as the report prints it: whole, or its first words when the office asks for excerpts. */
function clauseWording(text: string | null, mode: ClauseTextMode): string {
  const whole = (text ?? '').trim();
  if (mode === 'full') return whole;
  const words = whole.split(/\s+/u).filter(Boolean);
  return words.length > EXCERPT_WORDS ? `${words.slice(0, EXCERPT_WORDS).join(' ')} …` : words.join(' ');
}

export interface ReportOptions {
  clauseText?: ClauseTextMode;
}

/** "Gia Lai, ngày 29 tháng 11 năm 2026" */
export function placeAndDate(place: string | null, at: Date): string {
  const [y, m, d] = vnDate(at).split('-');
  return `${place ? `${place}, ` : ''}ngày ${d} tháng ${m} năm ${y}`;
}

/**
 * Builds the consolidated report from the database: the last submitted version of every agency,
 * each of its comments exactly once, grouped with near-identical comments on the same clause.
 */
export async function buildReport(sources: ReportSources, consultationId: number, now: Date, options: ReportOptions = {}): Promise<ReportModel | null> {
  const repo = sources.reports;
  const clauseText = options.clauseText ?? 'full';
  const c = await repo.consultation(consultationId);
  if (!c) return null;
  const [invitations, version, nextVersion, publicRows, publicClauseRows] = await Promise.all([
    repo.invitations(consultationId),
    repo.draftVersion(consultationId),
    repo.followUpVersion(consultationId),
    sources.publicComments.publishedTexts(consultationId),
    sources.publicComments.publishedClauses(consultationId),
  ]);
  // Every agency the letter named stays on the record; one whose link was revoked is listed as such.
  const asked = invitations;
  const repliedRows = asked.filter((i) => i.submission_id !== null);
  const bySubmission = new Map(repliedRows.map((i) => [i.submission_id!, i]));
  const submissionIds = [...bySubmission.keys()];
  // The comments come in document order (see the query) and a group keeps its first member's place,
  // so the rows run in document order with each group together.
  const [comments, clauseRows] = await Promise.all([repo.comments(submissionIds), repo.commentedClauses(submissionIds)]);
  const parts = await repo.attachedParts([...new Set([...clauseRows, ...publicClauseRows].map((k) => k.draft_version_id))]);
  const clauses = new Map(
    clauseRows.map((k) => [k.id, { id: k.id, label: partLabel(k, parts), heading: k.heading, text: clauseWording(k.text, clauseText), anchor: k.anchor }] as const),
  );

  const groups = groupComments(comments, (k) => ({ scope: k.clause_id ?? 'general', text: k.text }));
  let stt = 0;
  const general: ReportRow[] = [];
  const byClause: ReportRow[] = [];
  for (const group of groups) {
    const first = group[0]!;
    const sameAnswer = group.every((k) => k.decision === first.decision && k.explanation === first.explanation);
    const key = group.length > 1 ? groupKeyOf(group.map((k) => k.id)) : null;
    group.forEach((k, index) => {
      const invitation = bySubmission.get(k.submission_id)!;
      const row: ReportRow = {
        stt: 0,
        commentId: k.id,
        clause: k.clause_id === null ? null : clauses.get(k.clause_id)!,
        agency: invitation.agency_name,
        text: k.text,
        proposedText: k.proposed_text,
        letterNumber: invitation.letter_number,
        letterDate: invitation.letter_date,
        letterFile: invitation.letter_file_id !== null && invitation.letter_filename !== null ? { id: invitation.letter_file_id, filename: invitation.letter_filename } : null,
        late: invitation.late === 1,
        groupKey: key,
        // The answer cell spans the group only when every comment in it got the same answer.
        groupSize: sameAnswer ? (index === 0 ? group.length : 0) : 1,
        response: k.decision
          ? {
              decision: k.decision,
              explanation: k.explanation,
              decidedBy: k.decided_by,
              decidedAt: k.decided_at!,
              appliedAt: k.applied_clause_id !== null && nextVersion !== null ? { clauseId: k.applied_clause_id, label: k.applied_label ?? '', version: nextVersion } : null,
            }
          : null,
      };
      (k.clause_id === null ? general : byClause).push(row);
    });
  }
  for (const row of general) row.stt = ++stt;
  for (const row of byClause) row.stt = ++stt;

  const publicComments = publicSection(c, publicRows, publicClauseRows, parts, clauseText);

  const withComments = new Set(comments.map((k) => k.submission_id));
  const at = c.report_published_at ? new Date(c.report_published_at) : now;
  return {
    office: { parentName: c.office_parent_name, name: c.office_name, shortName: c.office_short_name },
    consultation: {
      id: c.id,
      number: c.number,
      letterDate: c.letter_date,
      subject: c.subject,
      draftTitle: c.draft_title ?? c.subject,
      draftVersion: version?.version ?? 1,
      deadlineAt: c.deadline_at,
      deadlineRule: c.deadline_rule,
      letterDeadline: c.original_deadline_at ? { at: c.original_deadline_at, rule: c.original_deadline_rule ?? c.deadline_rule } : null,
      closedAt: closesAt(c) !== c.deadline_at ? c.closed_at : null,
    },
    placeAndDate: placeAndDate(c.office_place ?? c.place, at),
    generatedAt: now.toISOString(),
    publishedAt: c.report_published_at,
    counts: {
      asked: asked.length,
      replied: repliedRows.length,
      agreedWithoutComments: repliedRows.filter((i) => i.agree_without_comments === 1).length,
      commented: repliedRows.filter((i) => withComments.has(i.submission_id!)).length,
      noReply: asked.length - repliedRows.length,
      revoked: asked.filter((i) => i.revoked_at !== null && i.submission_id === null).length,
      late: repliedRows.filter((i) => i.late === 1).length,
      comments: general.length + byClause.length,
      answered: general.filter((r) => r.response).length + byClause.filter((r) => r.response).length,
      publicComments: publicComments?.total ?? 0,
      publicGroups: publicComments?.groups.length ?? 0,
      publicAnswered: publicComments?.groups.filter((g) => g.decision !== null).length ?? 0,
    },
    replied: repliedRows.map((i) => ({
      name: i.agency_name,
      letterNumber: i.letter_number,
      letterDate: i.letter_date,
      late: i.late === 1,
      agreedWithoutComments: i.agree_without_comments === 1,
      enteredByOffice: i.entered_by_user_id !== null,
    })),
    noReply: asked.filter((i) => i.submission_id === null).map((i) => ({ name: i.agency_name, revokedAt: i.revoked_at })),
    general,
    byClause,
    publicComments,
    clauseText,
    distribution: distributionLines({ parentName: c.office_parent_name, shortName: c.office_short_name, place: c.office_place ?? c.place }),
    signature: { prefix: c.signer_prefix, authority: c.signer_authority, title: c.signer_title, name: c.signer_name },
  };
}

type PublicRow = Awaited<ReturnType<ReportSources['publicComments']['publishedTexts']>>[number];
type PublicClause = Awaited<ReturnType<ReportSources['publicComments']['publishedClauses']>>[number];

/**
 * Section III: the published public comments (never a pending, rejected or hidden one), grouped per
 * clause in document order, each group once with its count, its answer and the names it may show.
 * Null when the consultation never took public comments.
 */
function publicSection(
  c: { public_comments: string; public_names: number },
  rows: readonly PublicRow[],
  clauseRows: readonly PublicClause[],
  parts: Parameters<typeof partLabel>[1],
  mode: ClauseTextMode,
): ReportModel['publicComments'] {
  if (c.public_comments === 'off' && rows.length === 0) return null;
  const clauses = new Map(clauseRows.map((k) => [k.id, k]));
  const groups = orderedPublicGroups(rows, (id) => clauses.get(id)?.position);
  return {
    total: rows.length,
    groups: groups.map((g): PublicReportGroup => {
      const k = g.clauseId === null ? undefined : clauses.get(g.clauseId);
      const label = k ? partLabel(k, parts) : null;
      return {
        clauseLabel: label,
        ...(k ? { clause: { id: k.id, label, heading: k.heading, text: clauseWording(k.text, mode), anchor: k.anchor } } : {}),
        count: g.ids.length,
        text: g.text,
        names: shownNames(g.members, c.public_names === 1),
        decision: g.answer?.decision ?? null,
        explanation: g.answer?.explanation ?? null,
      };
    }),
  };
}

/**
 * A clause of a further part of the draft (the Quy định a Thông tư issues) is named with that part
 * first, "Quy định – Điều 2.", so it is never taken for the decision's own "Điều 2."; the part's own
 * row keeps its printed label ("QUY ĐỊNH").
 */
export function partLabel(
  clause: { label: string | null; anchor: string; draft_version_id: number },
  parts: readonly { draft_version_id: number; label: string | null; heading: string | null; anchor: string }[],
): string | null {
  const part = parts.find((p) => p.draft_version_id === clause.draft_version_id && clause.anchor.startsWith(`${p.anchor}-`));
  if (!part) return clause.label;
  const printed = part.label ?? part.heading ?? part.anchor;
  const name = printed.charAt(0) + printed.slice(1).toLocaleLowerCase('vi');
  return clause.label ? `${name} – ${clause.label}` : name;
}
