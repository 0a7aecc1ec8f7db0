/** Letters that Unicode does not decompose into a base letter plus accent. */
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  ß: 'ss',
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ı: 'i',
  þ: 'th'
};

/**
 * Lower case without accents, for matching headers written in many languages (`Währung` -> `wahrung`,
 * `Straße` -> `strasse`) and full-width forms (`ＩＰ` -> `ip`). Only the Latin combining accents (U+0300-U+036F)
 * are dropped, so Japanese dakuten and Hangul recompose unchanged.
 */
export function foldLetters(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[ßłøæœđıþ]/g, (letter) => UNDECOMPOSED[letter]);
}
