import { NOTEBOOK_LIMITS } from './limits';
import { toNameKey } from './names';

/**
 * Data shared inside a notebook file ("include data"): an SQLite database file, gzipped, then encrypted with
 * AES-GCM under a key derived from a passphrase with PBKDF2. The notebook stores it as a `data` block after its
 * cells (`format.ts`); only someone with the passphrase can read it. Pure: WebCrypto and the Compression Streams
 * API, which Node 20 and every current browser have.
 *
 * Every field but the payload is bound to the ciphertext as AES-GCM additional data (`toAdditionalData`), so a
 * file whose table list, size or parameters were edited does not decrypt. Opening treats the file as hostile:
 * parameters are checked before any work, so a file asking for 2^31 PBKDF2 iterations cannot hang the tab,
 * and decompression stops as soon as it produces more than the declared size (a zip bomb).
 */
export interface SealedData {
  format: typeof SEALED_DATA_FORMAT;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  /** Base64 of `SALT_BYTES` random bytes, new for every seal. */
  salt: string;
  cipher: 'AES-GCM-256';
  /** Base64 of `IV_BYTES` random bytes, new for every seal. */
  iv: string;
  compression: 'gzip';
  /** The tables inside, shown before the passphrase is asked for. */
  tables: string[];
  /** The size of the plaintext (the database file) after decompression. */
  bytes: number;
  /** Base64 of the AES-GCM ciphertext, its 16-byte tag at the end. */
  payload: string;
}

export const SEALED_DATA_FORMAT = 'crossbook-sealed-1';

/**
 * OWASP's recommendation for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet, 2023):
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2
 */
export const SEAL_ITERATIONS = 600_000;

/**
 * The iteration counts a file may ask for. Below, guessing passphrases for a stolen file is too cheap; above,
 * deriving the key would freeze the tab for minutes (a hostile file could ask for 2^31). Refused before any work.
 */
export const SEAL_ITERATION_RANGE = { min: 100_000, max: 5_000_000 } as const;

export const SALT_BYTES = 16;
/** The nonce size AES-GCM is designed for (NIST SP 800-38D §8.2). */
export const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The largest database `openSealedData` unpacks unless told otherwise. */
export const DEFAULT_MAX_OPEN_BYTES = 1024 * 1024 * 1024;

/** Passphrases shorter than this are accepted, with advice (`passphraseStrength`). */
export const RECOMMENDED_PASSPHRASE_CHARS = 12;

/** Base64 characters the writer wraps the payload at in the file, as MIME does (RFC 2045 §6.8). */
export const PAYLOAD_LINE_CHARS = 76;

export type SealedDataErrorReason =
  /** The passphrase is wrong, or the file was changed after sealing: AES-GCM cannot tell the two apart. */
  | 'wrong-passphrase'
  /** A field is missing, of the wrong shape or out of range, or the data inside is damaged. */
  | 'malformed'
  /** The data would be larger than the caller allows. */
  | 'too-large';

export class SealedDataError extends Error {
  override readonly name = 'SealedDataError';
  readonly reason: SealedDataErrorReason;

  constructor(reason: SealedDataErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface SealOptions {
  /** Defaults to `SEAL_ITERATIONS`; must lie in `SEAL_ITERATION_RANGE`. */
  iterations?: number;
  /** Defaults to `globalThis.crypto`. */
  crypto?: Crypto;
}

export interface OpenOptions {
  /** The largest database to unpack; defaults to `DEFAULT_MAX_OPEN_BYTES`. */
  maxBytes?: number;
  crypto?: Crypto;
}

/**
 * Seals `plain` (an SQLite database file) under `passphrase`. Throws a `RangeError` for an empty passphrase or
 * iterations out of range, a `TypeError` for a table list that could not be written, and a `SealedDataError`
 * (`too-large`) when the result would not fit into a notebook file.
 */
export async function sealData(
  plain: Uint8Array,
  passphrase: string,
  meta: { tables: readonly string[] },
  options: SealOptions = {}
): Promise<SealedData> {
  const iterations = options.iterations ?? SEAL_ITERATIONS;
  if (!isIterationCount(iterations)) {
    throw new RangeError(
      `${iterations} PBKDF2 iterations: use ${SEAL_ITERATION_RANGE.min} to ${SEAL_ITERATION_RANGE.max}.`
    );
  }
  if (passphrase === '') throw new RangeError('A passphrase is needed to seal data.');
  const tablesProblem = tableListProblem(meta.tables);
  if (tablesProblem !== null) throw new TypeError(`The table list ${tablesProblem}`);
  if (plain.byteLength > DEFAULT_MAX_OPEN_BYTES) {
    throw new SealedDataError('too-large', `The data is larger than ${megabytes(DEFAULT_MAX_OPEN_BYTES)}.`);
  }
  const crypto = options.crypto ?? globalThis.crypto;
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const header: Omit<SealedData, 'payload'> = {
    format: SEALED_DATA_FORMAT,
    kdf: 'PBKDF2-SHA-256',
    iterations,
    salt: toBase64(salt),
    cipher: 'AES-GCM-256',
    iv: toBase64(iv),
    compression: 'gzip',
    tables: [...meta.tables],
    bytes: plain.byteLength
  };
  const compressed = await gzip(plain);
  // The file's own fields and fences take well under a megabyte of the data block's cap.
  if (base64Length(compressed.byteLength + TAG_BYTES) > NOTEBOOK_LIMITS.maxDataChars - 1024 * 1024) {
    throw new SealedDataError(
      'too-large',
      `The data is ${megabytes(compressed.byteLength)} even compressed, too large to include in a notebook.`
    );
  }
  const key = await deriveKey(crypto, passphrase, salt, iterations, 'encrypt');
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: toAdditionalData(header), tagLength: TAG_BYTES * 8 },
    key,
    compressed
  );
  return { ...header, payload: toBase64(new Uint8Array(ciphertext)) };
}

/**
 * The database inside `sealed`. Throws `SealedDataError`: `malformed` before any work for a field out of shape
 * or range, `too-large` when the database is larger than `maxBytes`, `wrong-passphrase` when it does not
 * decrypt, and `malformed` when what decrypts does not unpack to exactly `bytes` bytes.
 */
export async function openSealedData(
  sealed: SealedData,
  passphrase: string,
  options: OpenOptions = {}
): Promise<Uint8Array> {
  const problem = sealedDataProblem(sealed);
  if (problem !== null) {
    throw new SealedDataError(
      'malformed',
      `The included data cannot be opened: "${problem.field}" ${problem.message}`
    );
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_OPEN_BYTES;
  if (sealed.bytes > maxBytes) {
    throw new SealedDataError(
      'too-large',
      `The included data is ${megabytes(sealed.bytes)}; at most ${megabytes(maxBytes)} can be opened here.`
    );
  }
  if (passphrase === '') throw wrongPassphrase();
  const crypto = options.crypto ?? globalThis.crypto;
  // All three were checked by `sealedDataProblem`.
  const salt = fromBase64(sealed.salt) as Uint8Array<ArrayBuffer>;
  const iv = fromBase64(sealed.iv) as Uint8Array<ArrayBuffer>;
  const ciphertext = fromBase64(sealed.payload) as Uint8Array<ArrayBuffer>;
  const key = await deriveKey(crypto, passphrase, salt, sealed.iterations, 'decrypt');
  let compressed: Uint8Array;
  try {
    compressed = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: toAdditionalData(sealed), tagLength: TAG_BYTES * 8 },
        key,
        ciphertext
      )
    );
  } catch {
    throw wrongPassphrase();
  }
  const plain = await gunzipAtMost(compressed, sealed.bytes);
  if (plain === null) {
    throw new SealedDataError(
      'malformed',
      `The included data unpacks to more than the ${sealed.bytes} bytes it declares; it was not sealed by Crossbook.`
    );
  }
  if (plain.byteLength !== sealed.bytes) {
    throw new SealedDataError(
      'malformed',
      `The included data unpacks to ${plain.byteLength} bytes, not the ${sealed.bytes} it declares.`
    );
  }
  return plain;
}

export interface SealedDataProblem {
  field: keyof SealedData;
  /** What is wrong, a lowercase phrase to follow the field's name. */
  message: string;
  /** The format is a later one than this version knows. */
  newer?: true;
}

/**
 * The first field of `sealed` that is out of shape or range, or `null`. Checks everything but the
 * cryptography: `validateDocument` uses it to refuse a file, `openSealedData` before any work, and
 * `serializeNotebook` before writing.
 */
export function sealedDataProblem(sealed: SealedData): SealedDataProblem | null {
  const value = sealed as unknown as Record<keyof SealedData, unknown>;
  const exact = [
    ['format', SEALED_DATA_FORMAT],
    ['kdf', 'PBKDF2-SHA-256'],
    ['cipher', 'AES-GCM-256'],
    ['compression', 'gzip']
  ] as const;
  const newer = /^crossbook-sealed-([0-9]{1,6})$/.exec(String(value.format));
  if (newer !== null && Number(newer[1]) > 1) {
    return {
      field: 'format',
      message: `is ${newer[0]}: the data was sealed by a newer version of Crossbook; update Crossbook to open it.`,
      newer: true
    };
  }
  for (const [field, expected] of exact) {
    if (value[field] !== expected) {
      return { field, message: `must be ${expected}, found ${describe(value[field])}.` };
    }
  }
  if (!isIterationCount(value.iterations)) {
    return {
      field: 'iterations',
      message: `must be a whole number from ${SEAL_ITERATION_RANGE.min.toLocaleString('en')} to ${SEAL_ITERATION_RANGE.max.toLocaleString('en')}, found ${describe(value.iterations)}.`
    };
  }
  for (const [field, length] of [
    ['salt', SALT_BYTES],
    ['iv', IV_BYTES]
  ] as const) {
    const text = value[field];
    if (typeof text !== 'string' || fromBase64(text)?.byteLength !== length) {
      return { field, message: `must be base64 of ${length} bytes, found ${describe(text)}.` };
    }
  }
  const tables = tableListProblem(value.tables);
  if (tables !== null) return { field: 'tables', message: tables };
  if (typeof value.bytes !== 'number' || !Number.isSafeInteger(value.bytes) || value.bytes < 0) {
    return {
      field: 'bytes',
      message: `must be a whole number of at least 0, found ${describe(value.bytes)}.`
    };
  }
  if (typeof value.payload !== 'string' || !isBase64(value.payload)) {
    return { field: 'payload', message: 'must be base64 (letters, digits, + and /, padded with =).' };
  }
  if (base64Length(TAG_BYTES) > value.payload.length) {
    return { field: 'payload', message: 'is too short to hold encrypted data: it looks truncated.' };
  }
  return null;
}

export type PassphraseStrength =
  | { kind: 'empty'; message: string }
  | { kind: 'short'; message: string }
  | { kind: 'long-enough'; message: null };

/**
 * Advice for the passphrase field. An empty passphrase is refused; a short one is allowed (the user decides),
 * with a warning, because anyone holding the file can try passphrases offline as fast as PBKDF2 allows.
 */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  const length = [...passphrase.normalize('NFC')].length;
  if (length === 0) return { kind: 'empty', message: 'Enter a passphrase.' };
  if (length < RECOMMENDED_PASSPHRASE_CHARS) {
    return {
      kind: 'short',
      message:
        `Anyone with the file can try to guess a short passphrase: use at least ` +
        `${RECOMMENDED_PASSPHRASE_CHARS} characters, such as a few unrelated words.`
    };
  }
  return { kind: 'long-enough', message: null };
}

/**
 * The additional data AES-GCM authenticates: every field but the payload, as a JSON array in a fixed order.
 * Part of the format: changing it makes every sealed file unreadable.
 */
function toAdditionalData(header: Omit<SealedData, 'payload'>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    JSON.stringify([
      header.format,
      header.kdf,
      header.iterations,
      header.salt,
      header.cipher,
      header.iv,
      header.compression,
      header.tables,
      header.bytes
    ])
  );
}

async function deriveKey(
  crypto: Crypto,
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  usage: 'encrypt' | 'decrypt'
): Promise<CryptoKey> {
  // NFC, so a passphrase typed where "é" is one character opens a file sealed where it is two.
  const secret = new TextEncoder().encode(passphrase.normalize('NFC'));
  const base = await crypto.subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage]
  );
}

function wrongPassphrase(): SealedDataError {
  return new SealedDataError(
    'wrong-passphrase',
    'The passphrase does not open the included data. Check it and try again; if it is right, the file was ' +
      'changed or damaged after it was sealed (the two cannot be told apart).'
  );
}

function isIterationCount(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= SEAL_ITERATION_RANGE.min &&
    value <= SEAL_ITERATION_RANGE.max
  );
}

function tableListProblem(tables: unknown): string | null {
  if (!Array.isArray(tables)) return `must be a list of table names, found ${describe(tables)}.`;
  if (tables.length > NOTEBOOK_LIMITS.maxTables) return `has more than ${NOTEBOOK_LIMITS.maxTables} tables.`;
  const seen = new Set<string>();
  for (const name of tables as unknown[]) {
    // A lone surrogate could not be written to the file as it was sealed (UTF-8 has no form for it).
    if (
      typeof name !== 'string' ||
      name === '' ||
      name.length > NOTEBOOK_LIMITS.maxLabelChars ||
      /\p{Cs}/u.test(name)
    ) {
      return `must hold table names of 1 to ${NOTEBOOK_LIMITS.maxLabelChars} characters, found ${describe(name)}.`;
    }
    if (seen.has(toNameKey(name))) return `names the table "${clip(name)}" twice.`;
    seen.add(toNameKey(name));
  }
  return null;
}

async function gzip(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const output = chunksOf(data).pipeThrough(new CompressionStream('gzip'));
  return concat((await readAtMost(output, Number.POSITIVE_INFINITY)) ?? []);
}

/**
 * Unpacks `data`, or `null` as soon as the output exceeds `limit` bytes. The input goes in small pieces, since
 * one piece of a deflate stream can grow about a thousand times: what is unpacked past `limit` before this
 * stops stays near a thousand times the piece size, whatever the data claims.
 */
async function gunzipAtMost(data: Uint8Array, limit: number): Promise<Uint8Array | null> {
  const output = chunksOf(data).pipeThrough(new DecompressionStream('gzip'));
  let chunks: Uint8Array[] | null;
  try {
    chunks = await readAtMost(output, limit);
  } catch {
    throw new SealedDataError('malformed', 'The included data is damaged: it does not decompress.');
  }
  return chunks === null ? null : concat(chunks);
}

const INPUT_CHUNK_BYTES = 16 * 1024;

function chunksOf(data: Uint8Array): ReadableStream<Uint8Array<ArrayBuffer>> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= data.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(data.slice(offset, offset + INPUT_CHUNK_BYTES) as Uint8Array<ArrayBuffer>);
      offset += INPUT_CHUNK_BYTES;
    }
  });
}

/** Every chunk of `stream`, or `null` (and the stream cancelled) once they add up to more than `limit` bytes. */
async function readAtMost(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array[] | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const result = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return result;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_VALUES[BASE64_ALPHABET.charCodeAt(i)] = i;

function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** Standard base64 with padding (RFC 4648 §4), by hand: `Uint8Array.toBase64` is too new to rely on. */
export function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(base64Length(bytes.byteLength));
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.byteLength; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = BASE64_ALPHABET.charCodeAt(n >> 18);
    out[o++] = BASE64_ALPHABET.charCodeAt((n >> 12) & 63);
    out[o++] = BASE64_ALPHABET.charCodeAt((n >> 6) & 63);
    out[o++] = BASE64_ALPHABET.charCodeAt(n & 63);
  }
  const rest = bytes.byteLength - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o++] = BASE64_ALPHABET.charCodeAt(n >> 18);
    out[o++] = BASE64_ALPHABET.charCodeAt((n >> 12) & 63);
    out[o++] = rest === 2 ? BASE64_ALPHABET.charCodeAt((n >> 6) & 63) : 61;
    out[o++] = 61;
  }
  return new TextDecoder().decode(out);
}

/**
 * The bytes of canonical base64: length a multiple of 4, `=` only as padding, and zero bits after the last
 * byte (so each byte string has exactly one text). `null` for anything else.
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (!isBase64(text)) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (BASE64_VALUES[text.charCodeAt(i)] << 18) |
      (BASE64_VALUES[text.charCodeAt(i + 1)] << 12) |
      (Math.max(0, BASE64_VALUES[text.charCodeAt(i + 2)]) << 6) |
      Math.max(0, BASE64_VALUES[text.charCodeAt(i + 3)]);
    bytes[o++] = n >> 16;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return bytes;
}

const BASE64 = /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isBase64(text: string): boolean {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return false;
  // Canonical: the bits past the last byte are zero.
  if (text.endsWith('==')) return (BASE64_VALUES[text.charCodeAt(text.length - 3)] & 15) === 0;
  if (text.endsWith('=')) return (BASE64_VALUES[text.charCodeAt(text.length - 2)] & 3) === 0;
  return true;
}

function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes.toLocaleString('en')} bytes`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${clip(value)}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (value === undefined) return 'nothing';
  if (value === null || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : typeof value;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
