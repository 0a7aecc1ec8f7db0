/**
 * Keyed pseudonyms for personal data (GDPR Art. 4(5)): the same e-mail address becomes the same `ps_...`
 * text in every file imported into this workspace, so tables still join and customers still count, but the
 * address cannot be read back, nor guessed by hashing a list of known addresses, without the workspace's key.
 * An unkeyed hash would allow exactly that (a dictionary attack), which is why this is HMAC, not SHA-256.
 */
import type { PersonalDataKind } from './personal-data';

export const PSEUDONYM_PREFIX = 'ps_';

/**
 * 12 of the 32 bytes of the HMAC: 96 bits, so among a billion distinct values the chance that any two share
 * a pseudonym is about n²/2⁹⁷ ≈ 6e-12. 24 hex characters stay short enough to read in a table.
 */
const PSEUDONYM_BYTES = 12;

/** Distinct values remembered per pseudonymiser: a few tens of MB at most, and most files repeat far fewer ids. */
const DEFAULT_CACHE_SIZE = 200_000;

const HMAC_SHA_256: HmacKeyGenParams = { name: 'HMAC', hash: 'SHA-256' };

/**
 * A new secret for this browser's workspace: non-extractable, so not even the app's own scripts can read it
 * out. A CryptoKey survives structured cloning, so it can be kept in IndexedDB as it is; losing it means
 * new pseudonyms, never exposed data.
 */
export function createPseudonymKey(
  subtle: Pick<SubtleCrypto, 'generateKey'> = crypto.subtle
): Promise<CryptoKey> {
  return subtle.generateKey(HMAC_SHA_256, false, ['sign']);
}

export interface Pseudonymiser {
  /** The pseudonym of each value, in order; `''` for a value that is empty once normalised. */
  pseudonymise(values: readonly string[], kind?: PersonalDataKind): Promise<string[]>;
}

/**
 * Pseudonymises with any HMAC SHA-256 key allowed to sign. Values are signed batch by batch, each distinct
 * value once; results are kept in a bounded cache, since a column of customer ids repeats most of them.
 */
export function createPseudonymiser(
  key: CryptoKey,
  options: { subtle?: Pick<SubtleCrypto, 'sign'>; cacheSize?: number } = {}
): Pseudonymiser {
  const subtle = options.subtle ?? crypto.subtle;
  const cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const cache = new Map<string, string>();
  const encoder = new TextEncoder();

  async function sign(text: string): Promise<string> {
    const mac = await subtle.sign('HMAC', key, encoder.encode(text));
    return PSEUDONYM_PREFIX + toHex(new Uint8Array(mac, 0, PSEUDONYM_BYTES));
  }

  function remember(text: string, pseudonym: string): void {
    if (cacheSize <= 0) return;
    // A Map iterates in insertion order, so its first key is the oldest: a FIFO bound without bookkeeping.
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(text, pseudonym);
  }

  return {
    async pseudonymise(values, kind) {
      const texts = values.map((value) => normaliseForPseudonym(value, kind));
      // Read every hit before anything is added, so that a batch larger than the cache cannot evict its own hits.
      const known = new Map<string, string>();
      const missing = new Set<string>();
      for (const text of texts) {
        if (text === '' || known.has(text) || missing.has(text)) continue;
        const cached = cache.get(text);
        if (cached === undefined) missing.add(text);
        else known.set(text, cached);
      }
      // WebCrypto has no batch call; signing in parallel lets the browser pipeline the calls.
      const signed = await Promise.all([...missing].map(sign));
      [...missing].forEach((text, i) => {
        known.set(text, signed[i]);
        remember(text, signed[i]);
      });
      return texts.map((text) => (text === '' ? '' : (known.get(text) as string)));
    }
  };
}

/**
 * The form of a value that is pseudonymised, so that one person gets one pseudonym across files written by
 * different systems. Without a kind only Unicode form and surrounding space are normalised: ids are
 * case-sensitive (`ab12` and `AB12` may be two customers). National and international forms of one phone
 * number (`030 1234567`, `+49 30 1234567`) stay different: telling them apart needs the country.
 */
export function normaliseForPseudonym(value: string, kind?: PersonalDataKind): string {
  // NFC: the same name typed on a Mac (decomposed) and on Windows (precomposed) is the same name.
  const text = value.normalize('NFC').trim();
  if (kind === undefined) return text;
  const collapsed = text.replace(/\s+/gu, ' ');
  switch (kind) {
    case 'email':
      // The local part is case-sensitive by RFC 5321, but no mail provider in use treats it so.
      return collapsed.toLowerCase();
    case 'phone':
      return collapsed
        .replace(/^00(?=[1-9])/, '+')
        .replace(/^(\+\d+)\s*\(0\)/, '$1')
        .replace(/[\s.\-/()]/g, '');
    case 'iban':
    case 'card':
      return collapsed.replace(/[\s-]/g, '').toUpperCase();
    case 'ip':
      // IPv6 hex digits are case-insensitive (RFC 5952 recommends lower case).
      return collapsed.toLowerCase();
    case 'name':
    case 'address':
      // Locale-free: a Turkish browser must not give `ISTANBUL` a different pseudonym than everyone else's.
      return collapsed.toLowerCase();
  }
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  return hex;
}
