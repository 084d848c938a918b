import { foldName } from '../offices/repository';

/** Two names are the same agency or group when they match case- and whitespace-insensitively (Vietnamese aware). */
export const nameKey = foldName;

/** Tidies a typed name: NFC, no outer spaces, single inner spaces. */
export const tidyName = (name: string): string => name.normalize('NFC').trim().replace(/\s+/gu, ' ');

/** For search only: also drops diacritics, so "cong an" finds "Công an tỉnh". */
export function searchKey(text: string): string {
  return foldName(text).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gu, 'd');
}
