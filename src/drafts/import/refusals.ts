/** Why an import was refused at one of its limits or for want of text; plain data, as a worker posts it. */
export type Refusal =
  | { reason: 'text'; max: number }
  | { reason: 'clauses'; count: number; max: number }
  | { reason: 'list_number'; value: number; max: number }
  | { reason: 'no_text' };

export interface ImportLimits {
  /** UTF-8 bytes of text a draft may hold once extracted. */
  maxTextBytes: number;
  /** Clauses (every Phần … điểm and dash item) a draft may hold. */
  maxClauses: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxTextBytes: 5 * 1024 * 1024, maxClauses: 20_000 };

/** A Word list number past this is no real draft's: such a number is a broken or hostile file. */
export const MAX_LIST_NUMBER = 99_999;

const count = (n: number): string => n.toLocaleString('vi-VN');

function size(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  if (mb >= 1) return `${mb.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  return `${(bytes / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB`;
}

/** The user's message, in Vietnamese; `kind` names the file's format ("DOCX", "PDF", "TXT"). */
export function refusalText(refusal: Refusal, kind: string): string {
  switch (refusal.reason) {
    case 'text':
      return `Văn bản trong tệp ${kind} dài quá ${size(refusal.max)}, giới hạn của cổng: hãy tách dự thảo thành nhiều tệp, hoặc kiểm tra tệp có bị hỏng không.`;
    case 'clauses':
      return `Dự thảo có ${count(refusal.count)} điều, khoản, điểm, quá giới hạn ${count(refusal.max)} của cổng: hãy tách dự thảo thành nhiều tệp, hoặc kiểm tra tệp có bị hỏng không.`;
    case 'list_number':
      return `Tệp ${kind} đánh số tự động tới ${count(refusal.value)}, quá giới hạn ${count(refusal.max)}: tệp hỏng hoặc không an toàn.`;
    case 'no_text':
      return kind === 'PDF'
        ? 'Tệp PDF không có chữ nào đọc được. Có thể đây là bản quét (ảnh); hãy tải lên bản có lớp chữ hoặc tệp DOCX.'
        : `Tệp ${kind} không có chữ nào đọc được.`;
  }
}
