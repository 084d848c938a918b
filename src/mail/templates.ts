import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { DeadlineRule } from '../db/tables';
import { viewsDir } from '../paths';
import { deadlineDisplayDate, formatVnDate, formatVnDateTime } from '../time';

/** The facts every mail about a consultation states, as stored; formatting happens here. */
export interface ConsultationMailData {
  /** Số/ký hiệu of the request letter, e.g. 532/STTTT-BCVT. */
  letterNumber: string;
  /** YYYY-MM-DD */
  letterDate: string;
  /** Trích yếu without the "V/v" the letter prints before it. */
  subject: string;
  officeName: string;
  /** ISO instant */
  deadlineAt: string;
  deadlineRule: DeadlineRule;
  agencyName: string;
  /** The agency's personal link; null in mail to anyone else, and once the agency's invitation is revoked. */
  link: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  /** Who signs the mail, e.g. "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC Nguyễn Văn A"; the office when absent. */
  signer?: string | null;
}

export type InvitationMailData = ConsultationMailData;

export interface ReminderMailData extends ConsultationMailData {
  daysLeft: number;
}

export interface DeadlineChangedMailData extends ConsultationMailData {
  previousDeadlineAt: string;
  /** The rule the previous deadline was worded with; the current rule when absent. */
  previousDeadlineRule?: DeadlineRule;
}

export interface ReceiptMailData extends ConsultationMailData {
  receiptNumber: string;
  submittedAt: string;
  revision: number;
  late: boolean;
  /** One line: how many comments on which clauses, or agreement without comments, and the letter. */
  summary: string;
  /** The officer who entered a reply that came on paper. */
  enteredBy?: string | null;
}

/** The notice to the office's contact person that an agency submitted: never with the agency's link. */
export interface SubmissionNoticeData extends ReceiptMailData {
  link: null;
  /** Comments received: one per clause commented on, and the general comment. */
  comments: number;
  agreeWithoutComments: boolean;
  /** The office's page of the agency's reply (behind sign-in). */
  officeLink: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The deadline as a letter words it, with the last minute spelled out so "trước ngày" is not misread:
 * "trước ngày 27/04/2020 (tức hạn chót 23:59 ngày 26/04/2020)".
 */
export function deadlinePhrase(rule: DeadlineRule, deadlineAt: string): string {
  if (rule === 'at_time') return `trước ${timeAndDate(deadlineAt)}`;
  const date = formatVnDate(deadlineDisplayDate(rule, deadlineAt));
  const lastMinute = new Date(new Date(deadlineAt).getTime() - 60 * 1000);
  const wording = rule === 'before_date' ? `trước ngày ${date}` : `chậm nhất ngày ${date}`;
  return `${wording} (tức hạn chót ${timeAndDate(lastMinute)})`;
}

/** "23:59 ngày 26/04/2020" */
function timeAndDate(at: string | Date): string {
  const [time, date] = formatVnDateTime(at).split(' ');
  return `${time} ngày ${date}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

function letterRef(data: ConsultationMailData): string {
  return `Công văn số ${oneLine(data.letterNumber)}: V/v ${oneLine(data.subject)}`;
}

function common(data: ConsultationMailData) {
  return {
    agencyName: oneLine(data.agencyName),
    officeName: oneLine(data.officeName),
    letterNumber: oneLine(data.letterNumber),
    letterDate: formatVnDate(data.letterDate),
    subject: oneLine(data.subject),
    deadline: deadlinePhrase(data.deadlineRule, data.deadlineAt),
    link: data.link,
    contact: {
      name: data.contactName?.trim() || null,
      phone: data.contactPhone?.trim() || null,
      email: data.contactEmail?.trim() || null,
    },
    signer: data.signer?.trim() || oneLine(data.officeName),
  };
}

const compiled = new Map<string, ejs.TemplateFunction>();

function render(name: string, locals: Record<string, unknown>): { text: string; html: string } {
  const run = (file: string) => {
    let template = compiled.get(file);
    if (!template) {
      const filename = path.join(viewsDir, 'mail', file);
      template = ejs.compile(readFileSync(filename, 'utf8'), { filename });
      compiled.set(file, template);
    }
    return template(locals);
  };
  return { text: tidyText(run(`${name}.text.ejs`)), html: run(`${name}.html.ejs`) };
}

/** Templates leave blank runs where optional lines are skipped: at most one empty line between paragraphs. */
function tidyText(text: string): string {
  return `${text.replace(/[ \t]+$/gmu, '').replace(/\n{3,}/gu, '\n\n').trim()}\n`;
}

export function renderInvitation(data: InvitationMailData): RenderedMail {
  return { subject: letterRef(data), ...render('invitation', common(data)) };
}

export function renderReminder(data: ReminderMailData): RenderedMail {
  const daysLeft = Math.max(0, Math.floor(data.daysLeft));
  return { subject: `Nhắc hạn góp ý (còn ${daysLeft} ngày) – ${letterRef(data)}`, ...render('reminder', { ...common(data), daysLeft }) };
}

export function renderDeadlineChanged(data: DeadlineChangedMailData): RenderedMail {
  const extended = new Date(data.deadlineAt).getTime() > new Date(data.previousDeadlineAt).getTime();
  const previousDeadline = deadlinePhrase(data.previousDeadlineRule ?? data.deadlineRule, data.previousDeadlineAt);
  const title = extended ? 'Gia hạn góp ý' : 'Thay đổi hạn góp ý';
  return { subject: `${title} – ${letterRef(data)}`, ...render('deadline_changed', { ...common(data), extended, previousDeadline }) };
}

function receiptFacts(data: ReceiptMailData) {
  return {
    number: data.receiptNumber,
    at: timeAndDate(data.submittedAt),
    revision: data.revision,
    late: data.late,
    summary: oneLine(data.summary),
    enteredBy: data.enteredBy ? oneLine(data.enteredBy) : null,
  };
}

export function renderReceipt(data: ReceiptMailData): RenderedMail {
  const receipt = receiptFacts(data);
  return { subject: `Biên nhận ý kiến góp ý số ${receipt.number} – ${letterRef(data)}`, ...render('receipt', { ...common(data), receipt }) };
}

export function renderSubmissionNotice(data: SubmissionNoticeData): RenderedMail {
  const receipt = receiptFacts(data);
  const comments = data.comments > 0 ? `${data.comments} ý kiến` : data.agreeWithoutComments ? 'không có (thống nhất với dự thảo)' : 'không có';
  const locals = { ...common(data), receipt, comments, officeLink: data.officeLink };
  return { subject: `Đã nhận ý kiến góp ý của ${oneLine(data.agencyName)} (biên nhận số ${receipt.number}) – ${letterRef(data)}`, ...render('submission_notice', locals) };
}

/** What a citizen's mail about their public comment states. */
export interface PublicCommentMailData {
  name: string;
  subject: string;
  officeName: string;
  /** "Toàn bộ dự thảo" or the clause's name, e.g. "mục 1.2." */
  on: string;
  text: string;
  lang: string;
}

const EXCERPT_CHARS = 600;
const excerptOf = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)} …` : text);

/** The link that makes a public comment count, valid until `expiresAt` (ISO instant). */
export function renderPublicCommentConfirm(data: PublicCommentMailData & { link: string; expiresAt: string }): RenderedMail {
  const locals = { name: oneLine(data.name), subject: oneLine(data.subject), officeName: oneLine(data.officeName), on: data.on, excerpt: excerptOf(data.text.trim()), link: data.link, expiresAt: timeAndDate(data.expiresAt), lang: data.lang };
  return { subject: `Xác nhận ý kiến góp ý dự thảo: ${oneLine(data.subject)}`, ...render('public_comment_confirm', locals) };
}

/**
 * A moderator did not publish the comment: why, from the fixed list (in English too for a comment
 * written in English), and the moderator's note if any. Never the moderator's name.
 */
export function renderPublicCommentRejected(data: PublicCommentMailData & { reason: { vi: string; en: string }; note: string | null }): RenderedMail {
  const locals = { name: oneLine(data.name), subject: oneLine(data.subject), officeName: oneLine(data.officeName), on: data.on, excerpt: excerptOf(data.text.trim()), reason: data.reason, note: data.note?.trim() || null, lang: data.lang };
  return { subject: `Ý kiến góp ý dự thảo không được đăng: ${oneLine(data.subject)}`, ...render('public_comment_rejected', locals) };
}

export const mailTemplates = { renderInvitation, renderReminder, renderDeadlineChanged, renderReceipt, renderSubmissionNotice, renderPublicCommentConfirm, renderPublicCommentRejected };
export type MailTemplates = typeof mailTemplates;
