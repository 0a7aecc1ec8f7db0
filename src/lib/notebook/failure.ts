/** Why a notebook file could not be opened; the UI words its message from this. */
export type NotebookFailureReason =
  /** The file was written by a newer Crossbook: this version cannot know what it means. */
  | 'newer-version'
  /** Not readable as a notebook file at all: truncated, binary, broken syntax. */
  | 'corrupt'
  /** Above a size or count cap (`NOTEBOOK_LIMITS`). */
  | 'too-large'
  /** Nested deeper than `NOTEBOOK_LIMITS.maxDepth`. */
  | 'too-deep'
  /** Readable, but a value has the wrong type or breaks a rule (duplicate ids, unknown cell kind, …). */
  | 'invalid';

/** Where in the file a problem is: every part that is known. */
export interface NotebookLocation {
  /** 1-based line in the file. */
  line?: number;
  /** The cell's id, or `#n` (its 1-based position) when it has none. */
  cell?: string;
  /** The field, e.g. `mark`, `tables[2].rowCount`. */
  field?: string;
}

export interface NotebookFailure {
  ok: false;
  reason: NotebookFailureReason;
  /** A complete English sentence naming the place and the problem. */
  message: string;
  where?: NotebookLocation;
}

/** Something dropped or repaired while loading; the notebook opened anyway. */
export interface NotebookWarning {
  message: string;
  where?: NotebookLocation;
}

/**
 * Thrown inside the load pipeline and caught once, in `parseNotebook`/`migrateDocument`/`loadNotebook`, which
 * return it as a `NotebookFailure`: callers get a result they must look at, the code inside stays linear.
 */
export class NotebookError extends Error {
  override readonly name = 'NotebookError';
  readonly reason: NotebookFailureReason;
  readonly where: NotebookLocation | undefined;

  constructor(reason: NotebookFailureReason, message: string, where?: NotebookLocation) {
    super(capped(withLocation(message, where)));
    this.reason = reason;
    this.where = where;
  }

  toFailure(): NotebookFailure {
    return this.where === undefined
      ? { ok: false, reason: this.reason, message: this.message }
      : { ok: false, reason: this.reason, message: this.message, where: this.where };
  }
}

/** Runs `read` and turns a thrown `NotebookError` into a failure; other errors are bugs and propagate. */
export function catchNotebookError<T>(read: () => T): T | NotebookFailure {
  try {
    return read();
  } catch (error) {
    if (error instanceof NotebookError) return error.toFailure();
    // A stack overflow in a hostile file is still the file's fault; the caps should make this unreachable.
    if (error instanceof RangeError)
      return { ok: false, reason: 'too-deep', message: 'The file is nested too deeply to read.' };
    throw error;
  }
}

/** Longest message shown: a hostile file can make a quoted word megabytes long (RELIABILITY.md item 30). */
export const MAX_MESSAGE_CHARS = 300;

/** `message` cut to `MAX_MESSAGE_CHARS`, ending in `…` when cut, never inside a surrogate pair. */
export function capped(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  let end = MAX_MESSAGE_CHARS - 1;
  if (/[\ud800-\udbff]/.test(message[end - 1])) end--;
  return `${message.slice(0, end)}…`;
}

/** `Line 12, cell "c3", field "mark": …` — the place first, so messages line up in a list. */
export function withLocation(message: string, where: NotebookLocation | undefined): string {
  if (where === undefined) return message;
  const parts: string[] = [];
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.cell !== undefined) parts.push(`cell "${where.cell}"`);
  if (where.field !== undefined) parts.push(`field "${where.field}"`);
  if (parts.length === 0) return message;
  const place = parts.join(', ');
  return `${place[0].toUpperCase()}${place.slice(1)}: ${message}`;
}
