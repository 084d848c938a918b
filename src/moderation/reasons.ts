/**
 * Why a moderator rejects or hides a public comment: a fixed list, so the commenter's mail and the
 * log name the same reason in both languages. `other` needs the moderator's note.
 */
export const REASONS = ['off_topic', 'abusive', 'spam', 'personal_data', 'unlawful', 'other'] as const;
export type Reason = (typeof REASONS)[number];

export const REASON_LABELS: Record<Reason, { vi: string; en: string }> = {
  off_topic: { vi: 'Không liên quan đến dự thảo', en: 'Not about the draft' },
  abusive: { vi: 'Ngôn từ thô tục, xúc phạm', en: 'Vulgar or insulting language' },
  spam: { vi: 'Quảng cáo, spam', en: 'Advertising or spam' },
  personal_data: { vi: 'Lộ thông tin cá nhân của người khác', en: "Discloses another person's personal data" },
  unlawful: { vi: 'Vi phạm pháp luật', en: 'Unlawful content' },
  other: { vi: 'Lý do khác', en: 'Another reason' },
};

export const isReason = (value: unknown): value is Reason => typeof value === 'string' && (REASONS as readonly string[]).includes(value);
