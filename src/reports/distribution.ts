/**
 * "Nơi nhận" as Nghị định 30/2020 prints it: each line begins with "-" and names the recipient in
 * running text ("UBND tỉnh Gia Lai"), not in the capitals of a header block ("UBND TỈNH GIA LAI").
 */

const VOWELS = 'aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ';
/** One Vietnamese syllable: an optional initial consonant, a vowel nucleus, an optional final. */
const SYLLABLE = new RegExp(`^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[${VOWELS}]{1,3}(?:ch|ng|nh|[cmnpt])?$`, 'u');

/** A word that cannot be one syllable ("UBND", "HĐND", "STTTT") is an abbreviation and keeps its capitals. */
function isAbbreviation(word: string): boolean {
  return !SYLLABLE.test(word.toLocaleLowerCase('vi'));
}

const capitalised = (word: string): string => word.charAt(0).toLocaleUpperCase('vi') + word.slice(1);

/**
 * A name written in capitals, in running text: words lower case except abbreviations, the first
 * word and the office's place ("Gia Lai"). A name that already has lower-case letters is kept.
 */
export function inRunningText(name: string, place: string | null): string {
  if (name !== name.toLocaleUpperCase('vi')) return name;
  let text = name
    .split(/(\s+)/u)
    .map((word) => (/\s/u.test(word) || isAbbreviation(word) ? word : word.toLocaleLowerCase('vi')))
    .join('');
  text = capitalised(text);
  if (place) {
    const at = text.toLocaleLowerCase('vi').indexOf(place.toLocaleLowerCase('vi'));
    if (at >= 0) text = text.slice(0, at) + place + text.slice(at + place.length);
  }
  return text;
}

export function distributionLines(office: { parentName: string | null; shortName: string | null; place: string | null }): string[] {
  const parent = office.parentName ? inRunningText(office.parentName, office.place) : 'Cơ quan có thẩm quyền';
  return [`- ${parent} (để báo cáo);`, '- Các cơ quan, đơn vị đã góp ý;', `- Lưu: VT${office.shortName ? `, ${office.shortName}` : ''}.`];
}
