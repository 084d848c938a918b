import { deadlineDisplayDate, formatVnDate, formatVnDateTime } from '../../time';
import type { DeadlineRule } from '../../db/tables';
import type { ReportModel } from '../model';
import { vnNumber } from './print-layout';
import { letterReference } from './text';

type Replied = ReportModel['replied'][number];

function wording(rule: DeadlineRule, at: string): string {
  const date = formatVnDate(deadlineDisplayDate(rule, at));
  if (rule === 'before_date') return `trước ngày ${date}`;
  if (rule === 'by_end_of_date') return `chậm nhất ngày ${date}`;
  return `trước ${formatVnDateTime(at).replace(' ', ' ngày ')}`;
}

/**
 * The deadline as the letter printed it, then what became of it: a change of deadline, and an
 * early end, each said once ("thời hạn góp ý trước ngày 27/04/2020, được điều chỉnh thành …").
 */
function deadlinePhrase(model: ReportModel): string {
  const { deadlineRule, deadlineAt, letterDeadline, closedAt } = model.consultation;
  const printed = letterDeadline ?? { at: deadlineAt, rule: deadlineRule };
  let phrase = wording(printed.rule, printed.at);
  if (letterDeadline && (letterDeadline.at !== deadlineAt || letterDeadline.rule !== deadlineRule)) phrase += `, được điều chỉnh thành ${wording(deadlineRule, deadlineAt)}`;
  if (closedAt) phrase += `; ${model.office.name} đã kết thúc lấy ý kiến lúc ${formatVnDateTime(closedAt).replace(' ', ' ngày ')}`;
  return phrase;
}

function namedWithLetter(agency: Replied): string {
  const notes = [letterReference(agency.letterNumber, agency.letterDate), agency.enteredByOffice ? 'do cơ quan chủ trì soạn thảo nhập' : null].filter(Boolean);
  return notes.length ? `${agency.name} (${notes.join('; ')})` : agency.name;
}

function noReplyName(agency: ReportModel['noReply'][number]): string {
  return agency.revokedAt ? `${agency.name} (đã thu hồi đường dẫn góp ý ngày ${formatVnDate(agency.revokedAt)})` : agency.name;
}

/**
 * The paragraphs before the table: the request, who was asked, who replied (with their letters),
 * who agreed without comments, who commented, who replied late and who did not reply.
 * Plain text, shared by the HTML and DOCX writers.
 */
export function openingParagraphs(model: ReportModel): string[] {
  const { consultation: c, counts, office } = model;
  const paragraphs = [
    `Ngày ${formatVnDate(c.letterDate)}, ${office.name} có Công văn số ${c.number} về việc ${c.subject}, ` +
      `đề nghị ${counts.asked} cơ quan, đơn vị tham gia góp ý ${c.draftTitle} (Dự thảo lần ${c.draftVersion}); ` +
      `thời hạn góp ý ${deadlinePhrase(model)}.`,
  ];

  if (counts.replied === 0) {
    paragraphs.push(`Đến nay, ${office.name} chưa nhận được văn bản góp ý của cơ quan, đơn vị nào.`);
  } else {
    paragraphs.push(
      `Đến nay, ${office.name} đã nhận được văn bản góp ý của ${counts.replied}/${counts.asked} cơ quan, đơn vị: ` +
        `${model.replied.map(namedWithLetter).join('; ')}. ` +
        `Trong đó, ${counts.agreedWithoutComments} cơ quan, đơn vị thống nhất với dự thảo, không có ý kiến khác; ` +
        `${counts.commented} cơ quan, đơn vị có ý kiến góp ý.`,
    );
  }

  const late = model.replied.filter((agency) => agency.late);
  if (late.length > 0) {
    paragraphs.push(
      `Có ${late.length} cơ quan, đơn vị gửi văn bản góp ý sau thời hạn (nhận sau hạn): ` +
        `${late.map((agency) => agency.name).join('; ')}; ý kiến của các cơ quan, đơn vị này vẫn được tổng hợp dưới đây.`,
    );
  }

  if (counts.noReply > 0) {
    const names = model.noReply.length > 0 ? `: ${model.noReply.map(noReplyName).join('; ')}` : '';
    paragraphs.push(`Có ${counts.noReply} cơ quan, đơn vị không có văn bản trả lời${names}.`);
  }

  const publicTotal = model.publicComments?.total ?? 0;
  if (model.publicComments) {
    const groups = model.publicComments.groups.length;
    paragraphs.push(
      publicTotal === 0
        ? `Dự thảo được đăng tải trên Cổng thông tin điện tử để lấy ý kiến của tổ chức, cá nhân; đến nay, ${office.name} chưa nhận được ý kiến nào của tổ chức, cá nhân góp ý trên Cổng thông tin.`
        : `Dự thảo được đăng tải trên Cổng thông tin điện tử để lấy ý kiến của tổ chức, cá nhân; ${office.name} đã nhận được ${vnNumber(publicTotal)} ý kiến của tổ chức, cá nhân góp ý trên Cổng thông tin` +
            (groups < publicTotal ? `, trong đó các ý kiến có nội dung giống nhau được tổng hợp chung thành ${vnNumber(groups)} nội dung.` : '.'),
    );
  }

  const publicPart = `${vnNumber(publicTotal)} ý kiến của tổ chức, cá nhân góp ý trên Cổng thông tin`;
  paragraphs.push(
    publicTotal > 0
      ? counts.comments > 0
        ? `${office.name} tổng hợp ${counts.comments} ý kiến góp ý của các cơ quan, đơn vị và ${publicPart}; tiếp thu, giải trình như sau:`
        : `${office.name} không nhận được ý kiến góp ý của cơ quan, đơn vị nào; tổng hợp ${publicPart} và tiếp thu, giải trình như sau:`
      : counts.comments > 0
        ? `${office.name} tổng hợp ${counts.comments} ý kiến góp ý và tiếp thu, giải trình như sau:`
        : `${office.name} không nhận được ý kiến góp ý nào đối với dự thảo.`,
  );
  return paragraphs;
}
