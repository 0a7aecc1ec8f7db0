import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PersonalDataKind } from './personal-data';
import {
  PSEUDONYM_PREFIX,
  createPseudonymKey,
  createPseudonymiser,
  normaliseForPseudonym
} from './pseudonym';

const subtle = globalThis.crypto.subtle;

/** Known key bytes, so that the pseudonyms can be recomputed with node:crypto. */
const RAW_KEY = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256);

function importTestKey(raw: Uint8Array<ArrayBuffer> = RAW_KEY): Promise<CryptoKey> {
  return subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
}

/** The pseudonym computed independently of WebCrypto. */
function expected(text: string, raw: Uint8Array = RAW_KEY): string {
  return (
    PSEUDONYM_PREFIX + createHmac('sha256', raw).update(text, 'utf8').digest().subarray(0, 12).toString('hex')
  );
}

/** A SubtleCrypto that counts its sign calls, to see what the cache saves. */
function countingSubtle(): { subtle: Pick<SubtleCrypto, 'sign'>; signed: string[] } {
  const signed: string[] = [];
  const decoder = new TextDecoder();
  return {
    signed,
    subtle: {
      sign(algorithm, key, data) {
        signed.push(decoder.decode(data as Uint8Array));
        return subtle.sign(algorithm, key, data);
      }
    }
  };
}

describe('createPseudonymiser', () => {
  it('gives the HMAC-SHA-256 of the normalised value, its first 12 bytes in hex', async () => {
    const pseudonymiser = createPseudonymiser(await importTestKey());
    const values = ['anna@example.com', 'Zoë', '顧客 42', 'x'];
    const pseudonyms = await pseudonymiser.pseudonymise(values);
    expect(pseudonyms).toEqual(values.map((value) => expected(value)));
    for (const pseudonym of pseudonyms) expect(pseudonym).toMatch(/^ps_[0-9a-f]{24}$/);
  });

  it('is deterministic for one key and differs between keys', async () => {
    const key = await importTestKey();
    const other = await importTestKey(RAW_KEY.map((byte) => byte ^ 0xff));
    const values = ['c-1001', 'c-1002', 'c-1001'];
    const first = await createPseudonymiser(key).pseudonymise(values);
    const again = await createPseudonymiser(key).pseudonymise(values);
    const otherKey = await createPseudonymiser(other).pseudonymise(values);
    expect(again).toEqual(first);
    expect(first[0]).toBe(first[2]);
    expect(first[0]).not.toBe(first[1]);
    otherKey.forEach((pseudonym, i) => expect(pseudonym).not.toBe(first[i]));
  });

  it('gives one person one pseudonym however the value was written', async () => {
    const pseudonymiser = createPseudonymiser(await importTestKey());
    const same = async (a: string, b: string, kind: PersonalDataKind) => {
      const [x, y] = await pseudonymiser.pseudonymise([a, b], kind);
      return x === y;
    };
    expect(await same('A@X.com ', 'a@x.com', 'email')).toBe(true);
    expect(await same('+49 30 1234-567', '0049301234567', 'phone')).toBe(true);
    expect(await same('+49 (0)30 1234567', '+49301234567', 'phone')).toBe(true);
    expect(await same('DE89 3704 0044 0532 0130 00', 'de89370400440532013000', 'iban')).toBe(true);
    expect(await same('4111-1111-1111-1111', '4111 1111 1111 1111', 'card')).toBe(true);
    expect(await same('Anna  Müller', 'anna müller', 'name')).toBe(true);
    expect(await same('2001:DB8::1', '2001:db8::1', 'ip')).toBe(true);
    // Ids keep their case: they may be two customers.
    const [upper, lower] = await pseudonymiser.pseudonymise(['AB12', 'ab12']);
    expect(upper).not.toBe(lower);
  });

  it('keeps an empty value empty instead of giving every missing value one shared pseudonym', async () => {
    const pseudonymiser = createPseudonymiser(await importTestKey());
    const pseudonyms = await pseudonymiser.pseudonymise(['', '   ', 'anna@example.com', '\u00a0'], 'email');
    expect(pseudonyms).toEqual(['', '', expected('anna@example.com'), '']);
  });

  it('signs each distinct value of a batch once, and a cached value never again', async () => {
    const counting = countingSubtle();
    const pseudonymiser = createPseudonymiser(await importTestKey(), { subtle: counting.subtle });
    const first = await pseudonymiser.pseudonymise(['a', 'b', 'a', 'a', 'c', '']);
    expect(counting.signed.sort()).toEqual(['a', 'b', 'c']);
    const second = await pseudonymiser.pseudonymise(['c', 'a', 'd']);
    expect(counting.signed.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(second).toEqual([first[4], first[0], expected('d')]);
  });

  it('bounds its cache, evicting the oldest insertion first', async () => {
    const counting = countingSubtle();
    const pseudonymiser = createPseudonymiser(await importTestKey(), {
      subtle: counting.subtle,
      cacheSize: 2
    });
    await pseudonymiser.pseudonymise(['a', 'b', 'c']);
    expect(counting.signed).toHaveLength(3);
    // `a` was inserted first and evicted by `c`; `b` and `c` are still cached.
    await pseudonymiser.pseudonymise(['b', 'c']);
    expect(counting.signed).toHaveLength(3);
    await pseudonymiser.pseudonymise(['a']);
    expect(counting.signed).toEqual(['a', 'b', 'c', 'a']);
  });

  it('returns the right pseudonyms for a batch larger than its cache', async () => {
    const pseudonymiser = createPseudonymiser(await importTestKey(), { cacheSize: 3 });
    const values = Array.from({ length: 20 }, (_, i) => `v${i % 10}`);
    await pseudonymiser.pseudonymise(values.slice(0, 5));
    expect(await pseudonymiser.pseudonymise(values)).toEqual(values.map((value) => expected(value)));
  });

  it('works without a cache', async () => {
    const counting = countingSubtle();
    const pseudonymiser = createPseudonymiser(await importTestKey(), {
      subtle: counting.subtle,
      cacheSize: 0
    });
    expect(await pseudonymiser.pseudonymise(['a', 'a'])).toEqual([expected('a'), expected('a')]);
    await pseudonymiser.pseudonymise(['a']);
    expect(counting.signed).toEqual(['a', 'a']);
  });

  it('pseudonymises 100,000 values in reasonable time', async () => {
    const pseudonymiser = createPseudonymiser(await importTestKey());
    const values = Array.from({ length: 100_000 }, (_, i) => `customer${i % 40_000}@example.com`);
    const started = performance.now();
    const pseudonyms = await pseudonymiser.pseudonymise(values, 'email');
    const elapsed = performance.now() - started;
    console.info(`pseudonymise: 100,000 values (40,000 distinct) in ${elapsed.toFixed(0)} ms`);
    expect(pseudonyms).toHaveLength(100_000);
    expect(pseudonyms[40_001]).toBe(pseudonyms[1]);
    expect(new Set(pseudonyms).size).toBe(40_000);
  });
});

describe('createPseudonymKey', () => {
  it('creates a non-extractable HMAC SHA-256 key that can only sign', async () => {
    const key = await createPseudonymKey();
    expect(key.extractable).toBe(false);
    expect(key.usages).toEqual(['sign']);
    expect(key.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' } });
    await expect(subtle.exportKey('raw', key)).rejects.toThrow();
    await expect(subtle.exportKey('jwk', key)).rejects.toThrow();
  });

  it('creates a key the pseudonymiser accepts, different each time', async () => {
    const [a] = await createPseudonymiser(await createPseudonymKey()).pseudonymise(['anna@example.com']);
    const [b] = await createPseudonymiser(await createPseudonymKey()).pseudonymise(['anna@example.com']);
    expect(a).toMatch(/^ps_[0-9a-f]{24}$/);
    expect(a).not.toBe(b);
  });

  it('uses the SubtleCrypto it is given', async () => {
    const calls: unknown[] = [];
    const key = await createPseudonymKey({
      generateKey: ((...args: Parameters<SubtleCrypto['generateKey']>) => {
        calls.push(args);
        return subtle.generateKey(...(args as [HmacKeyGenParams, boolean, KeyUsage[]]));
      }) as SubtleCrypto['generateKey']
    });
    expect(calls).toEqual([[{ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']]]);
    expect(key.type).toBe('secret');
  });
});

describe('normaliseForPseudonym', () => {
  it.each<[string, PersonalDataKind | undefined, string]>([
    ['  A@X.com ', 'email', 'a@x.com'],
    ['Anna.Müller@Example.DE', 'email', 'anna.müller@example.de'],
    ['+49 30 1234-567', 'phone', '+49301234567'],
    ['0049 (30) 1234.567', 'phone', '+49301234567'],
    ['+49 (0)30 1234567', 'phone', '+49301234567'],
    ['030/1234567', 'phone', '0301234567'],
    ['(555) 123-4567', 'phone', '5551234567'],
    ['de89 3704-0044 0532 0130 00', 'iban', 'DE89370400440532013000'],
    ['4111 1111-1111 1111', 'card', '4111111111111111'],
    ['  Anna \t Müller ', 'name', 'anna müller'],
    ['Hauptstraße  1', 'address', 'hauptstraße 1'],
    ['İSTANBUL', 'address', 'i̇stanbul'],
    ['2001:DB8::1', 'ip', '2001:db8::1'],
    ['  AB12  x ', undefined, 'AB12  x'],
    ['   ', 'email', ''],
    ['', undefined, '']
  ])('%j as %s is %j', (value, kind, normalised) =>
    expect(normaliseForPseudonym(value, kind)).toBe(normalised)
  );

  it('composes decomposed letters (NFC), so a Mac and a Windows export agree', () => {
    const decomposed = 'Mu\u0308ller';
    expect(normaliseForPseudonym(decomposed)).toBe('M\u00fcller');
    expect(normaliseForPseudonym(decomposed, 'name')).toBe('m\u00fcller');
  });
});
