/**
 * The English catalog, the source of every user-facing string. Messages use ICU MessageFormat
 * (https://unicode-org.github.io/icu/userguide/format_parse/messages/): `{count, plural, one {# row} other {# rows}}`.
 * Other locales translate a subset; a missing message falls back to English.
 */
export const en = {
  'app.title': 'Crossbook',
  'app.tagline': 'Customer analytics that never leaves this device',
  'app.loading': 'Starting the database engine…',
  'app.bootFailed': 'The database engine could not start: {reason}',
  'app.locale': 'Language',

  'privacy.local': 'Local only: your data stays on this device',
  'privacy.detail':
    'Files are read and queried inside this browser tab. A Content-Security-Policy forbids every connection, and no third-party code is loaded.',
  'privacy.blocked':
    '{count, plural, =0 {No blocked network attempts} one {# blocked network attempt} other {# blocked network attempts}}',
  'privacy.leaveConfirm':
    'This link leaves Crossbook for {host}. The page you open can see that you came from here only if you allow it. Open it?',

  'import.drop': 'Drop CSV files here or',
  'import.pick': 'choose files',
  'import.hint': 'Comma, semicolon, tab or pipe separated; UTF-8 or UTF-16. Each file becomes a table.',
  'import.dropOverlay': 'Drop to import',
  'import.progress': 'Importing {file}: {phase}',
  'import.done': 'Imported {file} as {table}: {rows, plural, one {# row} other {# rows}}',
  'import.failed': 'Could not import {file}: {reason}',
  'import.phase.decode': 'reading',
  'import.phase.parse': 'parsing',
  'import.phase.insert': 'storing',

  'error.empty-file': 'The file is empty.',
  'error.no-data-rows': 'The file has a header row but no data rows.',
  'error.ragged-rows':
    '{count, plural, one {Line {lines} has} other {# rows have}} a different number of fields than the header ({expected}){count, plural, one {} other {: lines {lines}}}. Nothing was imported; rows are never shifted.',
  'error.unterminated-quote': 'A quoted field starting at line {line} is never closed. Nothing was imported.',
  'error.malformed-quote':
    'A quoted field at line {line} has text after its closing quote. Nothing was imported: check the quoting there.',
  'error.file-too-large':
    'The file is too large to import in one piece ({bytes} bytes; the limit is {limit}).',
  'error.too-many-columns': 'The file has {count} columns; SQLite allows at most 2,000.',
  'error.binary-file':
    'This is not a text file (it looks like {kind}). Save it as CSV (UTF-8) and try again.',
  'error.invalid-encoding':
    'The file is not valid {encoding} text (near byte {byteOffset}). Save it as CSV UTF-8 and try again.',
  'error.table-exists': 'A table named {table} already exists.',
  'error.engine-crashed': 'The database engine stopped unexpectedly. It has been restarted.',
  'error.engine-interrupted': 'The request was stopped.',
  'error.engine-closed': 'The database engine is closed. Reload the page.',

  'tables.heading': 'Tables',
  'tables.empty': 'No tables yet. Drop a CSV file to create one.',
  'tables.rows': '{count, plural, one {# row} other {# rows}}',
  'tables.columns': '{count, plural, one {# column} other {# columns}}',
  'tables.query': 'Query this table',

  'query.heading': 'SQL',
  'query.placeholder': 'SELECT * FROM orders LIMIT 100',
  'query.run': 'Run',
  'query.shortcut': 'Ctrl+Enter or Shift+Enter to run',
  'query.running': 'Running…',
  'query.summary': '{rows, plural, one {# row} other {# rows}} in {time}',
  'query.truncated': 'Showing the first {shown} of {total} rows.',
  'query.empty': 'The query returned no rows.',
  'query.none': 'Write a query and press Run.',

  'chart.heading': 'Chart',
  'chart.none': 'No chart: the result needs a text or date column and a numeric column.',
  'chart.caption': '{y} by {x}',

  'diagnostics.heading': 'Engine self-test',
  'diagnostics.intro':
    'Runs the database engine’s contract suite in this browser, in a Web Worker, on a scratch database. Your data is not touched.',
  'diagnostics.run': 'Run self-test',
  'diagnostics.running': 'Running {done} of {total}…',
  'diagnostics.summary': '{passed} of {total} checks passed',
  'diagnostics.back': 'Back to the workspace',
  'diagnostics.link': 'Engine self-test'
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Partial<Record<MessageKey, string>>;
