import * as agencies from './messages/agencies';
import * as audit from './messages/audit';
import * as citizen from './messages/citizen';
import * as confirm from './messages/confirm';
import * as consultations from './messages/consultations';
import * as lists from './messages/lists';
import * as office from './messages/office';
import * as reports from './messages/reports';
import * as rounds from './messages/rounds';
import * as publicComments from './messages/public-comments';
import * as moderation from './messages/moderation';
import * as publicAnswers from './messages/public-answers';
import * as submissions from './messages/submissions';

export const LANGUAGES = ['vi', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

const base = {
  'site.name': 'Gopy',
  'site.tagline': 'Cổng lấy ý kiến góp ý dự thảo văn bản',
  'skip': 'Bỏ qua, đến nội dung chính',
  'nav.label': 'Điều hướng chính',
  'nav.home': 'Dự thảo lấy ý kiến',
  'lang.other': 'English',
  'lang.other.code': 'en',
  'lang.label': 'Ngôn ngữ',
  'footer.text': 'Gopy — cổng lấy ý kiến góp ý dự thảo văn bản. Giờ hiển thị là giờ Việt Nam (UTC+07:00).',
  'home.title': 'Dự thảo văn bản lấy ý kiến góp ý',
  'home.intro': 'Các dự thảo văn bản đang được lấy ý kiến và những đợt lấy ý kiến đã kết thúc. Mọi người đều có thể đọc toàn văn dự thảo.',
  'home.open': 'Đang lấy ý kiến',
  'home.closed': 'Đã kết thúc',
  'home.none_open': 'Hiện không có dự thảo nào đang lấy ý kiến.',
  'home.none_closed': 'Chưa có đợt lấy ý kiến nào kết thúc.',
  'status.draft': 'Chưa công bố',
  'status.open': 'Đang lấy ý kiến',
  'status.closed': 'Đã hết hạn góp ý',
  'status.report_published': 'Đã công bố báo cáo tổng hợp',
  'deadline': 'Hạn góp ý',
  'deadline.rule.before_date': 'trước ngày {date}',
  'deadline.rule.by_end_of_date': 'chậm nhất ngày {date}',
  'deadline.rule.at_time': 'đến {time}',
  'deadline.cutoff': 'Hết hạn lúc {time} (giờ Việt Nam)',
  'deadline.closed_early': 'Cơ quan chủ trì đã kết thúc lấy ý kiến sớm, lúc {time} (giờ Việt Nam)',
  'deadline.days_left': 'còn {n} ngày',
  'deadline.passed': 'đã hết hạn',
  'deadline.original': 'Hạn ghi trong công văn',
  'demo.badge': 'Bản trình diễn',
  'demo.notice': 'Đây là bản trình diễn dựa trên công văn thật số {number} ngày {date}. Hạn góp ý thật ({original}) đã qua, nên bản trình diễn giữ khoảng thời gian {days} ngày của công văn, tính từ hôm nay.',
  'letter.title': 'Công văn đề nghị góp ý',
  'letter.number': 'Số, ký hiệu',
  'letter.date': 'Ngày ban hành',
  'letter.office': 'Cơ quan chủ trì soạn thảo',
  'letter.subject': 'Trích yếu',
  'letter.summary': 'Nội dung công văn',
  'letter.legal_basis': 'Căn cứ pháp lý',
  'letter.signer': 'Người ký',
  'letter.website': 'Đồng thời đăng tải tại',
  'contact.title': 'Người liên hệ',
  'contact.phone': 'Điện thoại',
  'contact.email': 'Thư điện tử',
  'recipients.title': 'Cơ quan, đơn vị được lấy ý kiến',
  'recipients.members': 'Gồm {n} đơn vị',
  'attachments.title': 'Tài liệu kèm theo',
  'attachments.none': 'Không có tài liệu kèm theo.',
  'attachments.download': 'Tải về',
  'draft.title': 'Toàn văn dự thảo',
  'draft.version': 'Dự thảo lần {n}',
  'draft.none': 'Chưa có dự thảo.',
  'draft.toc': 'Mục lục dự thảo',
  'draft.permalink': 'Liên kết cố định đến {label}',
  'draft.back_to_toc': 'Về mục lục',
  'draft.preamble': 'Phần mở đầu',
  'draft.table': 'Bảng của {label} (cuộn ngang để xem hết)',
  'draft.footnotes': 'Chú thích của {label}',
  'draft.endnotes': 'Chú thích cuối văn bản của {label}',
  'draft.comments': 'Ghi chú của người soạn thảo trong tệp Word (chỉ cơ quan chủ trì xem)',
  'clause.in': 'Thuộc dự thảo',
  'clause.whole': 'Xem toàn văn dự thảo',
  'back.list': 'Về danh sách dự thảo',
  'error.404.title': 'Không tìm thấy trang',
  'error.404.text': 'Trang bạn tìm không tồn tại hoặc đã được gỡ bỏ.',
  'error.500.title': 'Đã có lỗi xảy ra',
  'error.500.text': 'Hệ thống gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại sau ít phút.',
  'error.busy.title': 'Hệ thống đang bận',
  'error.busy.text': 'Cơ sở dữ liệu đang bận nên yêu cầu chưa được thực hiện và chưa có gì được lưu. Vui lòng quay lại trang trước (nội dung đã nhập vẫn còn) và gửi lại sau ít giây.',
  'error.400.title': 'Yêu cầu không hợp lệ',
  'api.not_found': 'Không tìm thấy đợt lấy ý kiến số {id}.',
  'api.bad_id': 'Mã đợt lấy ý kiến phải là một số nguyên dương.',
  'api.route_not_found': 'Không có API này.',
  'api.error': 'Đã có lỗi xảy ra.',
  'print.button': 'In trang này',
} as const;


const baseEn: Record<keyof typeof base, string> = {
  'site.name': 'Gopy',
  'site.tagline': 'Consultation portal for draft documents',
  'skip': 'Skip to main content',
  'nav.label': 'Main navigation',
  'nav.home': 'Drafts for comment',
  'lang.other': 'Tiếng Việt',
  'lang.other.code': 'vi',
  'lang.label': 'Language',
  'footer.text': 'Gopy — consultation portal for draft documents. Times are Vietnam time (UTC+07:00).',
  'home.title': 'Draft documents for comment',
  'home.intro': 'Drafts open for comment and consultations that have ended. Anyone may read the full text of a draft.',
  'home.open': 'Open for comment',
  'home.closed': 'Ended',
  'home.none_open': 'No draft is open for comment at the moment.',
  'home.none_closed': 'No consultation has ended yet.',
  'status.draft': 'Not published',
  'status.open': 'Open for comment',
  'status.closed': 'Deadline passed',
  'status.report_published': 'Report published',
  'deadline': 'Comment deadline',
  'deadline.rule.before_date': 'before {date}',
  'deadline.rule.by_end_of_date': 'no later than {date}',
  'deadline.rule.at_time': 'until {time}',
  'deadline.cutoff': 'Closes at {time} (Vietnam time)',
  'deadline.closed_early': 'The drafting office ended the consultation early, at {time} (Vietnam time)',
  'deadline.days_left': '{n} days left',
  'deadline.passed': 'closed',
  'deadline.original': 'Deadline printed in the letter',
  'demo.badge': 'Demo',
  'demo.notice': 'This is a demo built on the real letter No. {number} of {date}. Its real deadline ({original}) has passed, so the demo keeps the letter’s {days}-day window, counted from today.',
  'letter.title': 'Request letter',
  'letter.number': 'Number and symbol',
  'letter.date': 'Date of issue',
  'letter.office': 'Drafting office',
  'letter.subject': 'Subject',
  'letter.summary': 'Text of the letter',
  'letter.legal_basis': 'Legal basis',
  'letter.signer': 'Signed by',
  'letter.website': 'Also posted at',
  'contact.title': 'Contact person',
  'contact.phone': 'Phone',
  'contact.email': 'E-mail',
  'recipients.title': 'Agencies asked for comments',
  'recipients.members': '{n} units',
  'attachments.title': 'Attached files',
  'attachments.none': 'No attached files.',
  'attachments.download': 'Download',
  'draft.title': 'Full text of the draft',
  'draft.version': 'Draft {n}',
  'draft.none': 'No draft yet.',
  'draft.toc': 'Contents of the draft',
  'draft.permalink': 'Permanent link to {label}',
  'draft.back_to_toc': 'Back to contents',
  'draft.preamble': 'Opening',
  'draft.table': 'Table of {label} (scroll sideways to see all of it)',
  'draft.footnotes': 'Footnotes of {label}',
  'draft.endnotes': 'Endnotes of {label}',
  'draft.comments': "Drafter's comments left in the Word file (seen by the drafting office only)",
  'clause.in': 'Part of the draft',
  'clause.whole': 'Read the whole draft',
  'back.list': 'Back to the list of drafts',
  'error.404.title': 'Page not found',
  'error.404.text': 'The page you are looking for does not exist or has been removed.',
  'error.500.title': 'Something went wrong',
  'error.500.text': 'The portal could not handle the request. Please try again in a few minutes.',
  'error.busy.title': 'The portal is busy',
  'error.busy.text': 'The database is busy, so the request was not carried out and nothing was saved. Please go back (what you typed is still there) and send it again in a few seconds.',
  'error.400.title': 'Bad request',
  'api.not_found': 'Consultation {id} was not found.',
  'api.bad_id': 'A consultation id is a positive whole number.',
  'api.route_not_found': 'No such API endpoint.',
  'api.error': 'Something went wrong.',
  'print.button': 'Print this page',
};

const vi = { ...base, ...office.vi, ...consultations.vi, ...agencies.vi, ...submissions.vi, ...reports.vi, ...audit.vi, ...lists.vi, ...confirm.vi, ...rounds.vi, ...publicComments.vi, ...citizen.vi, ...moderation.vi, ...publicAnswers.vi };
export type MessageKey = keyof typeof vi;
const en: Record<MessageKey, string> = { ...baseEn, ...office.en, ...consultations.en, ...agencies.en, ...submissions.en, ...reports.en, ...audit.en, ...lists.en, ...confirm.en, ...rounds.en, ...publicComments.en, ...citizen.en, ...moderation.en, ...publicAnswers.en };
const dictionaries: Record<Lang, Record<MessageKey, string>> = { vi, en };

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(vi, value);
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, vars) => dict[key].replace(/\{(\w+)\}/gu, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
