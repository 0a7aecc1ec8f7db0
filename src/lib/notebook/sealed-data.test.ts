import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../persistence/seeded-random';
import {
  fromBase64,
  openSealedData,
  passphraseStrength,
  SEAL_ITERATION_RANGE,
  SEAL_ITERATIONS,
  sealData,
  SealedDataError,
  sealedDataProblem,
  toBase64,
  type SealedData,
  type SealedDataErrorReason
} from './sealed-data';

/** The lowest count a file may ask for: fast enough for tests, and what `openSealedData` accepts. */
const ITERATIONS = SEAL_ITERATION_RANGE.min;
const PASSPHRASE = 'correct horse battery staple';

/** Bytes that look like a database: some structure that compresses, some noise that does not. */
function database(size: number, seed = 1): Uint8Array {
  const random = seededRandom(seed);
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode('SQLite format 3\0'));
  for (let i = 16; i < size; i++) bytes[i] = i % 7 === 0 ? Math.floor(random() * 256) : i % 13;
  return bytes;
}

function seal(plain: Uint8Array, tables: string[] = ['orders']): Promise<SealedData> {
  return sealData(plain, PASSPHRASE, { tables }, { iterations: ITERATIONS });
}

async function refusal(opening: Promise<unknown>): Promise<SealedDataError> {
  const error: unknown = await opening.then(
    () => null,
    (thrown: unknown) => thrown
  );
  if (!(error instanceof SealedDataError))
    throw new Error(`expected a SealedDataError, got ${String(error)}`);
  return error;
}

async function expectRefused(
  sealed: SealedData,
  reason: SealedDataErrorReason,
  message: RegExp,
  options: Parameters<typeof openSealedData>[2] = {}
): Promise<void> {
  const error = await refusal(openSealedData(sealed, PASSPHRASE, options));
  expect(error.reason).toBe(reason);
  expect(error.message).toMatch(message);
}

/** A crypto whose every use fails the test: proves a refusal came before any work. */
const NO_CRYPTO = {
  get subtle(): never {
    throw new Error('the file was refused only after crypto work');
  },
  getRandomValues(): never {
    throw new Error('the file was refused only after crypto work');
  }
} as unknown as Crypto;

/**
 * Seals `compressed` as it is, under a header of our choosing: how a hostile author (who knows the passphrase
 * they hand out) makes a file `sealData` never would. The additional data is the format's: every field but
 * the payload, as a JSON array in the documented order.
 */
async function sealRaw(compressed: Uint8Array, bytes: number): Promise<SealedData> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header = {
    format: 'crossbook-sealed-1',
    kdf: 'PBKDF2-SHA-256',
    iterations: ITERATIONS,
    salt: Buffer.from(salt).toString('base64'),
    cipher: 'AES-GCM-256',
    iv: Buffer.from(iv).toString('base64'),
    compression: 'gzip',
    tables: ['orders'],
    bytes
  } as const;
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(PASSPHRASE), 'PBKDF2', false, [
    'deriveKey'
  ]);
  const key = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt']
  );
  const additionalData = new TextEncoder().encode(JSON.stringify(Object.values(header)));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData },
    key,
    new Uint8Array(compressed)
  );
  return { ...header, tables: [...header.tables], payload: Buffer.from(ciphertext).toString('base64') };
}

describe('sealData → openSealedData', () => {
  it('gives back the same bytes, with every field in shape', async () => {
    const plain = database(50_000);
    const sealed = await seal(plain, ['orders', 'customers']);
    expect(sealed).toMatchObject({
      format: 'crossbook-sealed-1',
      kdf: 'PBKDF2-SHA-256',
      iterations: ITERATIONS,
      cipher: 'AES-GCM-256',
      compression: 'gzip',
      tables: ['orders', 'customers'],
      bytes: 50_000
    });
    expect(fromBase64(sealed.salt)).toHaveLength(16);
    expect(fromBase64(sealed.iv)).toHaveLength(12);
    // Compressed: the payload is smaller than the database would be in base64.
    expect(sealed.payload.length).toBeLessThan((50_000 * 4) / 3);
    expect(sealedDataProblem(sealed)).toBeNull();
    expect(await openSealedData(sealed, PASSPHRASE)).toEqual(plain);
  });

  it('seals an empty database and one byte', async () => {
    for (const plain of [new Uint8Array(0), new Uint8Array([7])]) {
      expect(await openSealedData(await seal(plain, []), PASSPHRASE)).toEqual(plain);
    }
  });

  it('uses a new salt and IV every time', async () => {
    const plain = database(1_000);
    const [a, b] = await Promise.all([seal(plain), seal(plain)]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(a.payload).not.toBe(b.payload);
  });

  it("uses OWASP's 600,000 iterations unless told otherwise", async () => {
    const sealed = await sealData(new Uint8Array([1, 2, 3]), PASSPHRASE, { tables: [] });
    expect(sealed.iterations).toBe(SEAL_ITERATIONS);
    expect(SEAL_ITERATIONS).toBe(600_000);
    expect(await openSealedData(sealed, PASSPHRASE)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('opens with the passphrase however its accents were typed (NFC)', async () => {
    const sealed = await sealData(
      new Uint8Array([1]),
      'caf\u00e9 au lait',
      { tables: [] },
      { iterations: ITERATIONS }
    );
    expect(await openSealedData(sealed, 'cafe\u0301 au lait')).toEqual(new Uint8Array([1]));
  });

  it('refuses to seal without a passphrase, with iterations out of range, or with a bad table list', async () => {
    const plain = new Uint8Array([1]);
    await expect(sealData(plain, '', { tables: [] }, { iterations: ITERATIONS })).rejects.toThrow(RangeError);
    for (const iterations of [99_999, 5_000_001, 1.5, Number.NaN]) {
      await expect(sealData(plain, PASSPHRASE, { tables: [] }, { iterations })).rejects.toThrow(RangeError);
    }
    for (const tables of [['orders', 'ORDERS'], [''], ['lone \ud800']]) {
      await expect(sealData(plain, PASSPHRASE, { tables }, { iterations: ITERATIONS })).rejects.toThrow(
        TypeError
      );
    }
  });
});

describe('openSealedData refuses', () => {
  it('a wrong passphrase, saying tampering looks the same', async () => {
    const sealed = await seal(database(2_000));
    for (const passphrase of ['Correct horse battery staple', '', `${PASSPHRASE} `]) {
      const error = await refusal(openSealedData(sealed, passphrase));
      expect(error.reason).toBe('wrong-passphrase');
      expect(error.message).toMatch(/passphrase does not open.*changed or damaged.*cannot be told apart/);
    }
  });

  it.each<[string, (sealed: SealedData) => SealedData]>([
    ['a table renamed', (sealed) => ({ ...sealed, tables: ['customers'] })],
    ['a table hidden', (sealed) => ({ ...sealed, tables: [] })],
    ['another size', (sealed) => ({ ...sealed, bytes: sealed.bytes + 1 })],
    ['fewer iterations', (sealed) => ({ ...sealed, iterations: sealed.iterations + 1 })],
    ['another IV', (sealed) => ({ ...sealed, iv: toBase64(new Uint8Array(12).fill(9)) })],
    ['another salt', (sealed) => ({ ...sealed, salt: toBase64(new Uint8Array(16).fill(9)) })],
    [
      'a flipped payload bit',
      (sealed) => {
        const bytes = fromBase64(sealed.payload) as Uint8Array;
        bytes[10] ^= 1;
        return { ...sealed, payload: toBase64(bytes) };
      }
    ],
    [
      'a payload cut by one block of base64',
      (sealed) => ({ ...sealed, payload: sealed.payload.slice(0, sealed.payload.length - 8) })
    ]
  ])('%s, as the wrong passphrase (the header is authenticated)', async (_, tamper) => {
    const sealed = await seal(database(3_000));
    await expectRefused(tamper(sealed), 'wrong-passphrase', /cannot be told apart/);
  });

  it.each<[string, Partial<Record<keyof SealedData, unknown>>, RegExp]>([
    [
      '2^31 iterations',
      { iterations: 2 ** 31 },
      /"iterations" must be a whole number from 100,000 to 5,000,000/
    ],
    ['too few iterations', { iterations: 1_000 }, /"iterations"/],
    ['fractional iterations', { iterations: 100_000.5 }, /"iterations"/],
    ['iterations as text', { iterations: '600000' }, /found "600000"/],
    ['a short salt', { salt: toBase64(new Uint8Array(8)) }, /"salt" must be base64 of 16 bytes/],
    ['a long IV', { iv: toBase64(new Uint8Array(16)) }, /"iv" must be base64 of 12 bytes/],
    ['a salt that is not base64', { salt: '!!!!!!!!!!!!!!!!!!!!!!!!' }, /"salt"/],
    ['another cipher', { cipher: 'AES-CBC-256' }, /"cipher" must be AES-GCM-256/],
    ['another KDF', { kdf: 'argon2id' }, /"kdf" must be PBKDF2-SHA-256/],
    ['no compression', { compression: 'none' }, /"compression" must be gzip/],
    ['a newer format', { format: 'crossbook-sealed-2' }, /newer version of Crossbook/],
    ['an unknown format', { format: 'pgp' }, /"format" must be crossbook-sealed-1, found "pgp"/],
    ['a negative size', { bytes: -1 }, /"bytes" must be a whole number of at least 0/],
    ['tables that are not a list', { tables: 'orders' }, /"tables" must be a list/],
    ['a table twice', { tables: ['a', 'A'] }, /names the table "A" twice/],
    ['a payload of the wrong length', { payload: 'QUJD' + 'A' }, /"payload" must be base64/],
    ['a payload with other characters', { payload: 'QUJD!!!!' }, /"payload" must be base64/],
    ['padding in the middle', { payload: 'QQ==QUJD' }, /"payload" must be base64/],
    ['non-canonical padding bits', { payload: `${'A'.repeat(20)}QR==` }, /"payload" must be base64/],
    ['a payload shorter than its tag', { payload: 'QUJD' }, /too short to hold encrypted data/]
  ])('%s as malformed, before any work', async (_, change, message) => {
    const sealed = await seal(new Uint8Array([1, 2, 3]));
    const broken = { ...sealed, ...change } as SealedData;
    await expectRefused(broken, 'malformed', message, { crypto: NO_CRYPTO });
  });

  it('data larger than the caller allows, before any work', async () => {
    const sealed = await seal(new Uint8Array(2_000));
    await expectRefused({ ...sealed, bytes: 2 ** 40 }, 'too-large', /1048576 MB; at most 1024 MB/, {
      crypto: NO_CRYPTO
    });
    await expectRefused(sealed, 'too-large', /is 2,000 bytes; at most 1,000 bytes can be opened here/, {
      maxBytes: 1_000,
      crypto: NO_CRYPTO
    });
  });

  it('a zip bomb: unpacking stops once it passes the declared size', async () => {
    // 64 MiB of zeros in 64 KB; the file says 1 MiB.
    const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 9 });
    expect(bomb.byteLength).toBeLessThan(100_000);
    await expectRefused(
      await sealRaw(bomb, 1024 * 1024),
      'malformed',
      /more than the 1048576 bytes it declares/
    );
    // Cut before its end, the bomb would fail to unpack; it is refused for its size, so unpacking stopped early.
    const cut = bomb.subarray(0, bomb.byteLength - 1_000);
    await expectRefused(
      await sealRaw(cut, 1024 * 1024),
      'malformed',
      /more than the 1048576 bytes it declares/
    );
  });

  it('a size that does not match what unpacks, and data that does not unpack', async () => {
    const plain = database(10_000);
    await expectRefused(
      await sealRaw(gzipSync(plain), 10_001),
      'malformed',
      /unpacks to 10000 bytes, not the 10001/
    );
    const damaged = gzipSync(plain);
    damaged.fill(0, 20, 60);
    await expectRefused(await sealRaw(damaged, 10_000), 'malformed', /damaged: it does not decompress/);
    await expectRefused(
      await sealRaw(gzipSync(plain).subarray(0, 200), 10_000),
      'malformed',
      /does not decompress/
    );
  });
});

describe('passphraseStrength', () => {
  it.each([
    ['', 'empty'],
    ['short', 'short'],
    ['😀😀😀😀😀😀😀😀😀😀😀', 'short'],
    ['twelve chars', 'long-enough'],
    [PASSPHRASE, 'long-enough']
  ])('calls %j %s', (passphrase, kind) => {
    const strength = passphraseStrength(passphrase);
    expect(strength.kind).toBe(kind);
    expect(strength.message === null).toBe(kind === 'long-enough');
  });
});

describe('base64', () => {
  it('matches RFC 4648 for every length of tail, and reads back', () => {
    const random = seededRandom(7);
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(text)).toEqual(bytes);
    }
  });

  it('refuses what is not canonical base64', () => {
    for (const text of [
      'A',
      'AA',
      'AAA',
      'AAAAA===',
      '====',
      'A===',
      'AB==',
      'AAB=',
      'AA AA',
      'AA-_',
      'QQ==QQ=='
    ]) {
      expect(fromBase64(text), text).toBeNull();
    }
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });
});
