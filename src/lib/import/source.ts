import { ImportError } from '../engine/errors';
import { sniffBinary, toBinaryFileError } from './decode';

/** The bytes of a picked file, decompressed when it is gzip. */
export interface ByteSource {
  /**
   * A new stream of the file's content from its start (decompressed for gzip). `onSourceBytes` is told how many
   * bytes of the file itself have been read (compressed ones for gzip), to compare with `size` for progress.
   */
  stream(onSourceBytes?: (bytesRead: number) => void): ReadableStream<Uint8Array>;
  /** The file's size: compressed for gzip, so not the size of the text. */
  size: number;
  gzip: boolean;
  /** Random access for sampling; undefined for gzip, which can only be read from the start. */
  slice?(start: number, end: number): Blob;
  fileName: string;
  /** The first bytes of the content (decompressed), up to 64 KiB: enough to tell the encoding. */
  head: Uint8Array;
}

const HEAD_BYTES = 64 * 1024;

/**
 * The largest chunk a source stream yields. Node's Blob.stream() hands over an in-memory file in one piece
 * and browsers differ; cut to this size, progress, cancelling and the sample's head work the same everywhere,
 * and no chunk's decoded text is ever huge. Cutting is free: the pieces are views of the same bytes.
 */
const MAX_CHUNK_BYTES = 64 * 1024;

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Opens a picked file for import. Gzip is recognised by its magic bytes (1F 8B), not by the `.gz` name: a
 * browser or server may have decompressed a `.csv.gz` already, and a gzip file may be named `.csv`. Other
 * binary files (xlsx, pdf, png, sqlite..., also inside the gzip) are refused with ImportError `binary-file`
 * and a message that says what the file is (RELIABILITY.md §3.1 item 7).
 */
export async function openByteSource(file: Blob, fileName: string): Promise<ByteSource> {
  const start = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const gzip = GZIP_MAGIC.every((byte, i) => start[i] === byte);
  if (!gzip) {
    const kind = sniffBinary(start);
    if (kind !== null) throw toBinaryFileError(kind);
    return {
      stream: (onSourceBytes) => counted(rechunked(file.stream()), onSourceBytes),
      size: file.size,
      gzip: false,
      slice: (from, to) => file.slice(from, to),
      fileName,
      head: start
    };
  }

  if (typeof DecompressionStream === 'undefined') {
    throw new ImportError(
      'gzip-unsupported',
      'This file is gzip-compressed and this browser cannot decompress it. Unpack it first, then import the CSV.'
    );
  }
  const stream = (onSourceBytes?: (bytesRead: number) => void): ReadableStream<Uint8Array> => {
    const raw = counted(rechunked(file.stream()), onSourceBytes);
    return withImportErrors(rechunked(raw.pipeThrough(new DecompressionStream('gzip'))));
  };
  const head = await readStart(stream(), HEAD_BYTES);
  const kind = sniffBinary(head);
  if (kind !== null) throw toBinaryFileError(kind);
  return { stream, size: file.size, gzip: true, fileName, head };
}

/** Up to `length` first bytes of a stream, which is then cancelled. */
async function readStart(stream: ReadableStream<Uint8Array>, length: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const bytes = new Uint8Array(length);
  let filled = 0;
  try {
    while (filled < length) {
      const chunk = await reader.read();
      if (chunk.done) break;
      const part = chunk.value.subarray(0, length - filled);
      bytes.set(part, filled);
      filled += part.length;
    }
  } finally {
    reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  return bytes.slice(0, filled);
}

/** The same chunks, at most MAX_CHUNK_BYTES each. */
function rechunked(stream: ReadableStream<Uint8Array<ArrayBuffer>>): ReadableStream<Uint8Array<ArrayBuffer>> {
  return stream.pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, controller) {
        if (chunk.length <= MAX_CHUNK_BYTES) controller.enqueue(chunk);
        else {
          for (let at = 0; at < chunk.length; at += MAX_CHUNK_BYTES) {
            controller.enqueue(chunk.subarray(at, at + MAX_CHUNK_BYTES));
          }
        }
      }
    })
  );
}

/** The same stream, telling `onBytes` (if any) the running total of bytes that passed. */
function counted<Chunk extends Uint8Array>(
  stream: ReadableStream<Chunk>,
  onBytes: ((bytesRead: number) => void) | undefined
): ReadableStream<Chunk> {
  if (onBytes === undefined) return stream;
  let total = 0;
  return stream.pipeThrough(
    new TransformStream<Chunk, Chunk>({
      transform(chunk, controller) {
        total += chunk.length;
        onBytes(total);
        controller.enqueue(chunk);
      }
    })
  );
}

/**
 * The decompressed stream, with a damaged or truncated gzip file reported as an ImportError: the platform
 * throws a bare TypeError ("incorrect header check", "unexpected end of file") that says nothing to a user.
 */
function withImportErrors(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let bytesOut = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        controller.error(
          new ImportError(
            'invalid-gzip',
            `This gzip-compressed file is damaged or incomplete (after ${bytesOut} bytes of its content): ` +
              `${error instanceof Error ? error.message : String(error)}. Download or compress it again.`,
            { byteOffset: bytesOut }
          )
        );
        return;
      }
      if (chunk.done) controller.close();
      else {
        bytesOut += chunk.value.length;
        controller.enqueue(chunk.value);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    }
  });
}
