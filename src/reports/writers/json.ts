import type { ResponseDecision } from '../../db/tables';
import { toVnIso } from '../../time';
import { DECISION_LABELS, type ReportCounts, type ReportModel, type ReportRow } from '../model';

export interface ReportJsonRow {
  stt: number;
  section: 'general' | 'clause';
  clauseLabel: string | null;
  clauseHeading: string | null;
  /** The clause's wording, whole or excerpted as the report was asked for. */
  clauseText: string | null;
  agency: string;
  text: string;
  proposedText: string | null;
  letterNumber: string | null;
  /** YYYY-MM-DD */
  letterDate: string | null;
  late: boolean;
  decision: ResponseDecision | null;
  decisionLabel: string | null;
  explanation: string | null;
  /** Where the office applied the comment in the next round's draft, once it says so. */
  appliedAt: { label: string; version: number } | null;
}

export interface ReportJson {
  consultation: ReportModel['consultation'];
  clauseText: ReportModel['clauseText'];
  office: ReportModel['office'];
  placeAndDate: string;
  generatedAt: string;
  publishedAt: string | null;
  counts: ReportCounts;
  replied: ReportModel['replied'];
  /** Every agency asked that did not reply, revoked ones included. */
  noReply: string[];
  /** Of those, the ones whose link the office revoked, with when (ISO, Vietnam offset). */
  revoked: { name: string; revokedAt: string }[];
  rows: ReportJsonRow[];
  /** III. public comments, one entry per group of near-identical ones; null when the consultation never took them. */
  publicComments: { total: number; groups: ReportJsonPublicGroup[] } | null;
}

export interface ReportJsonPublicGroup {
  /** Numbered on from the agencies' rows, as the printed table runs. */
  stt: number;
  clauseLabel: string | null;
  count: number;
  text: string;
  /** Only where the office shows names and the commenter agreed, at most a few; never an e-mail address. */
  names: string[];
  decision: ResponseDecision | null;
  decisionLabel: string | null;
  explanation: string | null;
}

function jsonRow(row: ReportRow, section: ReportJsonRow['section']): ReportJsonRow {
  return {
    stt: row.stt,
    section,
    clauseLabel: row.clause?.label ?? null,
    clauseHeading: row.clause?.heading ?? null,
    clauseText: row.clause?.text ?? null,
    agency: row.agency,
    text: row.text,
    proposedText: row.proposedText,
    letterNumber: row.letterNumber,
    letterDate: row.letterDate,
    late: row.late,
    decision: row.response?.decision ?? null,
    decisionLabel: row.response ? DECISION_LABELS[row.response.decision] : null,
    explanation: row.response?.explanation ?? null,
    appliedAt: row.response?.appliedAt ? { label: row.response.appliedAt.label, version: row.response.appliedAt.version } : null,
  };
}

/** The report as JSON-ready data: one row per comment, a group's response repeated on each row. */
export function reportJson(model: ReportModel): ReportJson {
  return {
    consultation: model.consultation,
    clauseText: model.clauseText,
    office: model.office,
    placeAndDate: model.placeAndDate,
    generatedAt: model.generatedAt,
    publishedAt: model.publishedAt,
    counts: model.counts,
    replied: model.replied,
    noReply: model.noReply.map((agency) => agency.name),
    revoked: model.noReply.filter((agency) => agency.revokedAt !== null).map((agency) => ({ name: agency.name, revokedAt: toVnIso(agency.revokedAt!) })),
    rows: [...model.general.map((row) => jsonRow(row, 'general')), ...model.byClause.map((row) => jsonRow(row, 'clause'))],
    publicComments: model.publicComments && {
      total: model.publicComments.total,
      groups: model.publicComments.groups.map((g, i) => ({
        stt: model.general.length + model.byClause.length + i + 1,
        clauseLabel: g.clauseLabel,
        count: g.count,
        text: g.text,
        names: g.names,
        decision: g.decision,
        decisionLabel: g.decision ? DECISION_LABELS[g.decision] : null,
        explanation: g.explanation,
      })),
    },
  };
}
