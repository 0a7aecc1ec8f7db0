/**
 * SHA-256 of a snapshot as lowercase hex. SQLite's own checks miss some corruption (RELIABILITY.md finding 10:
 * 19 of 500 mutated databases passed `quick_check` with changed content), so every stored snapshot carries one.
 */
export async function sha256Hex(crypto: Crypto, bytes: Uint8Array): Promise<string> {
  // WebCrypto has no incremental digest and the spec copies the input first ("get a copy of the bytes held by
  // the buffer source"), so hashing a large snapshot costs one transient copy of it.
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
