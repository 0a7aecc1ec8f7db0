/** Longest name we generate, in code points: long enough to stay readable, short enough for a grid header. */
export const MAX_NAME_LENGTH = 64;

/**
 * SQLite compares table and column names case-insensitively for ASCII letters only
 * (https://www.sqlite.org/lang_keywords.html): `Email`/`email` clash, `Ä`/`ä` and `Straße`/`STRASSE` do not.
 * `toLowerCase()` would fold non-ASCII letters too, and locale-sensitive lowering turns Turkish `I` into `ı`
 * (RELIABILITY.md §3.1 item 19), so only A-Z are folded here.
 */
export function foldAsciiCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
}

/** Cuts by code points, so a surrogate pair (emoji, rare CJK) is never split into two broken halves. */
export function capCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join('');
}

/**
 * `base_2`, `base_3`, ... : the first one whose folded form is not in `taken`, which it is then added to.
 * The base is shortened so that base + suffix stays within {@link MAX_NAME_LENGTH}.
 */
export function toSuffixedName(base: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = capCodePoints(base, MAX_NAME_LENGTH - suffix.length) + suffix;
    const key = foldAsciiCase(candidate);
    if (!taken.has(key)) {
      taken.add(key);
      return candidate;
    }
  }
}
