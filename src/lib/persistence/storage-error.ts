import { CodedError } from '../engine/errors';

/**
 * A failure of the local snapshot store. Codes (each wants an `error.<code>` message in the catalog):
 * - `storage-full`: the browser refused the write for lack of quota; details `{ needed, quota?, usage? }` in bytes.
 *   Nothing stored changed.
 * - `snapshot-corrupt`: snapshots are stored but none passes its checksum; details `{ snapshots, reasons }`.
 * - `storage-unavailable`: IndexedDB cannot be opened (private browsing, disabled storage); details `{ name }`.
 * - `storage-newer-version`: the stored data was written by a newer version of the app; nothing was changed.
 * - `storage-failed`: any other storage error; details `{ operation, name }`. Nothing stored changed.
 * - `storage-closed`: the store was closed; open a new one.
 */
export class StorageError extends CodedError {
  constructor(code: string, message: string, details: Record<string, string | number> = {}) {
    super(code, message, details);
    this.name = 'StorageError';
  }
}
