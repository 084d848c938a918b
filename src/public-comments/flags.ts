/**
 * Why a moderator should read a comment closely: abusive words or links. A flag never rejects a
 * comment by itself: Vietnamese words on the list have innocent senses too ("chó" is a dog), and a
 * link may be the law the citizen cites.
 */
export type Flag = 'abuse' | 'link';

// Vulgar and insulting words and their common unaccented and abbreviated spellings, matched as whole
// words after lower-casing. Kept short on purpose: the list points a moderator's eye, nothing more.
const ABUSIVE_WORDS = [
  'địt', 'đụ', 'đéo', 'đếch', 'lồn', 'buồi', 'cặc', 'đĩ', 'cave', 'đm', 'dm', 'đmm', 'dmm', 'đcm', 'dcm', 'clm', 'vcl', 'vkl', 'cmm',
  'dit me', 'du ma', 'lon me',
  'óc chó', 'oc cho', 'súc vật', 'suc vat', 'khốn nạn', 'khon nan', 'mất dạy', 'mat day', 'thằng chó', 'con chó', 'đồ chó', 'chó má', 'mẹ mày', 'me may',
  'đồ ngu', 'thằng ngu', 'ngu như bò', 'ngu như chó', 'mả mẹ', 'bố láo', 'láo toét', 'cút đi', 'đồ rác rưởi', 'lũ ăn hại', 'bọn ăn hại',
];

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
// Letters and digits on both sides end a word; \b knows only ASCII letters.
const ABUSE_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${ABUSIVE_WORDS.map((w) => escape(w).replace(/ /gu, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'u');
const LINK_RE = /(?:https?:\/\/|www\.)\S|(?<![\p{L}\p{N}@.-])[\p{L}\p{N}-]+\.(?:com|net|org|vn|info|biz|xyz|top|io|co|me|ru|cn)(?![\p{L}\p{N}])/iu;

/** The flags of a comment's text (and name, where a link or an insult hides as well). Linear in the text's length. */
export function flagsOf(...texts: readonly (string | null)[]): Flag[] {
  const all = texts.filter(Boolean).join('\n').normalize('NFC').toLowerCase();
  const flags: Flag[] = [];
  if (ABUSE_RE.test(all)) flags.push('abuse');
  if (LINK_RE.test(all)) flags.push('link');
  return flags;
}

/** Flags as a comment's row keeps them ("abuse,link"), and back. */
export const storeFlags = (flags: readonly Flag[]): string | null => (flags.length ? flags.join(',') : null);
export const storedFlags = (stored: string | null): Flag[] => (stored ? (stored.split(',').filter((f) => f === 'abuse' || f === 'link') as Flag[]) : []);
