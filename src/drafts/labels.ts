/** Patterns for what a line of a Vietnamese administrative or legal text starts with. */

/** Vietnamese alphabetical order of điểm labels: no f, j, w, z; đ after d. */
export const POINT_LETTERS = ['a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'x', 'y'];

const ROMAN = '[IVXLC]+';
export const PART_RE = new RegExp(`^(?:Phần|PHẦN)\\s+(?:thứ\\s+[\\p{L}]+|THỨ\\s+[\\p{L}]+|${ROMAN}|\\d+)(?=$|[\\s.:])\\.?`, 'u');
export const CHAPTER_RE = new RegExp(`^(?:Chương|CHƯƠNG)\\s+(?:${ROMAN}|\\d+)(?=$|[\\s.:])\\.?`, 'u');
export const SUBSECTION_RE = /^(?:Tiểu mục|TIỂU MỤC)\s+\d+(?=$|[\s.:])\.?/u;
export const SECTION_RE = /^(?:Mục|MỤC)\s+\d+(?=$|[\s.:])\.?/u;
export const ARTICLE_RE = /^Điều\s+(\d+)[a-zđ]?\.(?=$|\s)/u;
/**
 * "I.", "II.", "IV.": the sections of a kế hoạch or công văn, or inside an article. A lowercase
 * word after it is a wrapped sentence ("… theo Phụ lục" / "I. kèm theo …"), not a section.
 */
export const ROMAN_SECTION_RE = /^([IVXLC]{1,8})\.(?=$|\s(?!\p{Ll}))/u;
/**
 * "A. ĐÁNH GIÁ", "B. NHIỆM VỤ": the capital-letter parts some kế hoạch put above their Roman
 * sections. A title in capitals must follow, so a sentence opening with an initial ("C. Mác đã
 * viết") stays a sentence; the parser also wants the letters in sequence from A.
 */
export const LETTER_SECTION_RE = /^([A-Z])\.(?=\s+\p{Lu}{2,}(?:\s|$|[,:]))/u;
/** "1." (khoản) or "1.1.", "1.1.1." (decimal items); the trailing dot is required. */
export const DECIMAL_RE = /^(\d{1,3}(?:\.\d{1,3}){0,4})\.(?=$|\s)/u;
/**
 * "2.4 Yêu cầu", as offices often type it: at least two numbers and a capital after the space, so
 * "2.4 triệu đồng" is no label; the parser also wants it to continue its siblings' sequence.
 */
export const UNDOTTED_DECIMAL_RE = /^(\d{1,3}(?:\.\d{1,3}){1,4})(?= \p{Lu})/u;
export const POINT_RE = /^([a-zđ])\)(?=$|\s)/u;
export const DASH_RE = /^[-–•](?=\s)/u;
export const PLUS_RE = /^\+(?=\s)/u;
export const STAR_RE = /^\*(?=\s)/u;

export const NUMBER_RE = /^Số\s*[:：]/u;
/** "V/v …", "Về việc …", and "V/v: …" as some offices type it. */
export const SUBJECT_RE = /^(?:V\/v|Về việc)(?:\s*:)?(?=$|\s)/iu;
export const NATIONAL_TITLE_RE = /^CỘNG\s+H(?:OÀ|ÒA)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM$/iu;
export const MOTTO_RE = /^Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc/iu;
/**
 * "Hà Nội, ngày 21 tháng 4 năm 2020", or with blanks ("ngày … tháng … năm 2020"). The gaps are
 * bounded: two open `.*` made a long line with many "tháng" and no "năm" take quadratic time.
 */
export const PLACE_DATE_RE = /^[^,\d]{2,40},\s*ngày(?=\s|$).{0,60}?tháng(?=\s|$).{0,60}?năm(?=\s|$)/iu;
export const ADDRESSEE_RE = /^Kính\s+gửi\s*:?/iu;
export const DISTRIBUTION_RE = /^Nơi\s+nhận\s*:?/iu;
/** Signature prefixes of Nghị định 30/2020/NĐ-CP: ký thay, thay mặt, quyền, thừa lệnh, thừa ủy quyền. */
export const SIGNATURE_PREFIX_RE = /^(?:KT|TM|Q|TL|TUQ)\.\s*\S/u;
/**
 * "PHỤ LỤC", "PHỤ LỤC I", "PHỤ LỤC 1", "Phụ lục 02", "PHỤ LỤC SỐ 3": an appendix's own line. In
 * ordinary case it needs its number and nothing but capitals or a separator after it, so a sentence
 * "Phụ lục kèm theo Nghị định này …" is no appendix.
 */
export const APPENDIX_RE = /^(?:PHỤ LỤC(?:\s+SỐ)?(?:\s+(?:[IVXLC]{1,8}|\d{1,3}[A-ZĐa-zđ]?)(?=$|[\s.:–-]))?|Phụ lục(?:\s+số)?\s+(?:[IVXLC]{1,8}|\d{1,3}[a-zđ]?)(?=$|[\s.:–-]))\.?/u;
/** The first line of a document another one issues ("QUY CHẾ", "QUY ĐỊNH"), or of a decision. */
/**
 * Who issues a legal document, printed in capitals under its title and before its căn cứ
 * ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG", "BỘ TRƯỞNG BỘ TƯ PHÁP", "CHÍNH PHỦ").
 */
export const AUTHORITY_RE =
  /^(?:CHỦ TỊCH|PHÓ CHỦ TỊCH|THỦ TƯỚNG|PHÓ THỦ TƯỚNG|BỘ TRƯỞNG|CHÍNH PHỦ|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|VỤ TRƯỞNG|CHÁNH ÁN|VIỆN TRƯỞNG|THỐNG ĐỐC|TỔNG KIỂM TOÁN|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|ỦY BAN THƯỜNG VỤ QUỐC HỘI|QUỐC HỘI|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|BAN BÍ THƯ)(?=\s|$)/u;
/** A capitals line ending so that its title goes on ("… QUY CHẾ LÀM VIỆC CỦA" / "ỦY BAN NHÂN DÂN …"). */
export const CONTINUED_TITLE_RE = /(?:^|\s)(?:CỦA|VÀ|VỀ|CHO|TẠI|VỚI|TRÊN|THUỘC|TRONG|GIỮA|ĐẾN|TỪ|CÁC|NĂM)$|[,–-]$/u;
export const DOCUMENT_TITLE_RE = /^(?:QUY CHẾ|QUY ĐỊNH|ĐIỀU LỆ|QUY TRÌNH|HƯỚNG DẪN|CHƯƠNG TRÌNH|KẾ HOẠCH|ĐỀ ÁN|CHIẾN LƯỢC|QUYẾT ĐỊNH|THÔNG TƯ|NGHỊ ĐỊNH|NGHỊ QUYẾT|CHỈ THỊ)(?=$|\s)/u;
/** "(Ban hành kèm theo Quyết định số …)": the line that says a document is issued by another. */
export const ISSUED_WITH_RE = /^\(?\s*(?:Ban hành\s+)?kèm theo\s+(?:Quyết định|Thông tư|Nghị định|Nghị quyết|Chỉ thị)/iu;
/** The national title anywhere on a line: a PDF joins the header's two columns into one line. */
export const NATIONAL_TITLE_ANYWHERE_RE = /CỘNG\s+H(?:OÀ|ÒA)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM/u;
/** The signer's position in a signature block ("CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "BỘ TRƯỞNG"). */
export const SIGNER_POSITION_RE = /(?:^|\s|\.)(?:PHÓ\s+)?(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|BÍ THƯ|CỤC TRƯỞNG|VỤ TRƯỞNG|HIỆU TRƯỞNG|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG CỤC TRƯỞNG|CHỦ NHIỆM|TRƯỞNG PHÒNG|THỐNG ĐỐC|TỔNG KIỂM TOÁN|THỨ TRƯỞNG|TỔNG THƯ KÝ|CHÁNH THANH TRA)(?=$|\s)/u;
/**
 * A table row as an extraction hands it over: this mark, then the cells separated by TABLE_CELL.
 * docx-text.mjs writes a Word table so; a plain text's row separated by "|" or tabs is turned into it.
 */
export const TABLE_ROW = '\uE000';
export const TABLE_CELL = '\uE001';
export const TABLE_ROW_RE = /^\uE000/u;
export const PAGE_NUMBER_RE = /^(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*-)?$/iu;
export const STAMP_RE = /^\(?\s*dự\s+thảo(?:\s+(?:lần\s+)?(\d{1,2}))?\s*\)?$/iu;
export const STAMP_CONTINUATION_RE = /^lần\s+(\d{1,2})\s*\)?$/iu;

/** Lines that name a structural part; such a line always starts a new paragraph. */
const STRUCTURAL = [
  TABLE_ROW_RE, APPENDIX_RE, ISSUED_WITH_RE, PART_RE, CHAPTER_RE, SUBSECTION_RE, SECTION_RE, ARTICLE_RE, LETTER_SECTION_RE, ROMAN_SECTION_RE, DECIMAL_RE, UNDOTTED_DECIMAL_RE, POINT_RE, DASH_RE, PLUS_RE, STAR_RE,
  NUMBER_RE, SUBJECT_RE, NATIONAL_TITLE_RE, MOTTO_RE, PLACE_DATE_RE, ADDRESSEE_RE, DISTRIBUTION_RE, SIGNATURE_PREFIX_RE,
];

export function isStructural(line: string): boolean {
  return STRUCTURAL.some((re) => re.test(line));
}

/** Heading-like labels whose line ends its own paragraph: the body follows on the next line. */
export function isSignerPositionLine(line: string): boolean {
  return isAllCaps(line) && line.split(/\s+/u).length <= 5 && SIGNER_POSITION_RE.test(line);
}

export function isHeadingLine(line: string): boolean {
  return [PART_RE, CHAPTER_RE, SUBSECTION_RE, SECTION_RE, ARTICLE_RE, LETTER_SECTION_RE, ROMAN_SECTION_RE].some((re) => re.test(line));
}

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

/** "IV" → 4; a letter before a larger one is subtracted. */
export function romanValue(numeral: string): number {
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = ROMAN_VALUES[numeral[i]];
    const next = ROMAN_VALUES[numeral[i + 1]] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

export function isAllCaps(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

/** The cells of a table row line (TABLE_ROW_RE), trimmed. */
export function tableCells(line: string): string[] {
  return line.slice(1).split(TABLE_CELL).map((c) => c.trim());
}

export function startsLowercase(text: string): boolean {
  return /^[(“"']?\p{Ll}/u.test(text);
}

/** A note's marker (docx-text.mjs) after the full stop does not hide the end of the sentence. */
export function endsSentence(text: string): boolean {
  return /[.:;!?]["”')\u{F0000}-\u{FFFFD}\u{100000}-\u{10FFFD}]*$/u.test(text);
}

/** "A" → 1, "B" → 2: the place of a capital-letter section. */
export function letterValue(letter: string): number {
  return letter.charCodeAt(0) - 64;
}

export function pointIndex(letter: string): number {
  return POINT_LETTERS.indexOf(letter);
}
