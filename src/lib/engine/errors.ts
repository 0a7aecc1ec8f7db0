/**
 * Errors that cross the worker boundary. The worker serialises an error as plain data
 * ({@link SerializedError}); the client rebuilds it with {@link toError} so callers can use `instanceof`.
 */

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** A stable machine-readable reason the UI translates (e.g. `empty-file`); see `ErrorCode`. */
  code?: string;
  /** Values for the translated message, e.g. `{ line: 12 }`. */
  details?: Record<string, string | number>;
}

/** Base for errors that carry a stable code and details for the message catalog. */
export class CodedError extends Error {
  readonly code: string;
  readonly details: Record<string, string | number>;

  constructor(code: string, message: string, details: Record<string, string | number> = {}) {
    super(message);
    this.name = 'CodedError';
    this.code = code;
    this.details = details;
  }
}

/** SQLite rejected the SQL (syntax, missing table, constraint, ...). */
export class SqlError extends CodedError {
  constructor(message: string) {
    super('sql', message);
    this.name = 'SqlError';
  }
}

/** The engine's worker died (crash, out of memory) or was terminated; the request's outcome is unknown. */
export class EngineCrashedError extends CodedError {
  constructor(message = 'The database engine stopped unexpectedly.') {
    super('engine-crashed', message);
    this.name = 'EngineCrashedError';
  }
}

/** The request was stopped by `restart()` before it finished. */
export class EngineInterruptedError extends CodedError {
  constructor(message = 'The request was stopped because the engine was restarted.') {
    super('engine-interrupted', message);
    this.name = 'EngineInterruptedError';
  }
}

/** The engine was closed; create a new one. */
export class EngineClosedError extends CodedError {
  constructor(message = 'The database engine is closed.') {
    super('engine-closed', message);
    this.name = 'EngineClosedError';
  }
}

/** A file could not be imported; `details` says where (line, column, byte offset). */
export class ImportError extends CodedError {
  constructor(code: string, message: string, details: Record<string, string | number> = {}) {
    super(code, message, details);
    this.name = 'ImportError';
  }
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof CodedError) {
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      code: error.code,
      details: { ...error.details }
    };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds a real `Error` of the right class from its serialised form, keeping the remote stack. */
export function toError(serialized: SerializedError): Error {
  const { name, message, code, details } = serialized;
  let error: Error;
  switch (name) {
    case 'SqlError':
      error = new SqlError(message);
      break;
    case 'EngineCrashedError':
      error = new EngineCrashedError(message);
      break;
    case 'EngineInterruptedError':
      error = new EngineInterruptedError(message);
      break;
    case 'EngineClosedError':
      error = new EngineClosedError(message);
      break;
    case 'ImportError':
      error = new ImportError(code ?? 'import', message, details);
      break;
    default:
      error = code === undefined ? new Error(message) : new CodedError(code, message, details);
      error.name = name;
  }
  if (serialized.stack)
    error.stack = `${serialized.stack}\n    --- across the worker boundary ---\n${error.stack ?? ''}`;
  return error;
}
