import { formatVnDate } from '../time';

/** The one line a receipt states about what was received. */
export function receiptSummary(s: {
  agreeWithoutComments: boolean;
  generalComment: string | null;
  commentLabels: (string | null)[];
  letterNumber: string | null;
  letterDate: string | null;
}): string {
  const parts: string[] = [];
  if (s.agreeWithoutComments) parts.push('Thống nhất với dự thảo, không có ý kiến khác');
  if (s.commentLabels.length) {
    const labels = s.commentLabels.map((l) => l ?? '(không nhãn)').join(', ');
    parts.push(`${s.commentLabels.length} ý kiến về ${s.commentLabels.length === 1 ? 'mục' : 'các mục'} ${labels}`);
  }
  if (s.generalComment) parts.push('ý kiến chung');
  if (s.letterNumber) parts.push(`văn bản số ${s.letterNumber}${s.letterDate ? ` ngày ${formatVnDate(s.letterDate)}` : ''}`);
  return parts.join('; ');
}
