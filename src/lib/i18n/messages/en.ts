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
  'import.progress': 'Importing {file} into {table}',
  'import.progressFigures': '{done} of {total} · {rows, plural, one {# row} other {# rows}} · {rate}/s',
  'import.progressUnknownTotal': '{done} read · {rows, plural, one {# row} other {# rows}}',
  'import.timeLeft': 'about {time} left',
  'import.saving': 'Saving to this device…',
  'import.cancel': 'Cancel',
  'import.cancelled': 'Import of {file} cancelled; nothing was changed.',
  'import.done': 'Imported {file} as {table}: {rows, plural, one {# row} other {# rows}}',
  'import.failed': 'Could not import {file}: {reason}',
  'import.widened':
    'Column {column} was stored as text: a value at line {lines} would otherwise have been changed (e.g. leading zeros).',
  'import.keptAsText':
    '{count, plural, one {# value} other {# values}} in column {column} did not fit its type and {count, plural, one {was} other {were}} kept as text (first at line {lines}).',

  'preview.heading': 'Import {file}',
  'preview.table': 'Table name',
  'preview.exists': 'A table with this name exists:',
  'preview.replace': 'replace it',
  'preview.append': 'append rows to it',
  'preview.encoding': 'Encoding',
  'preview.source.bom': 'from the byte-order mark',
  'preview.source.valid-utf-8': 'valid UTF-8',
  'preview.source.guess': 'guessed: check the preview',
  'preview.source.user': 'your choice',
  'preview.delimiter': 'Separator',
  'preview.delimiter.comma': 'Comma (,)',
  'preview.delimiter.semicolon': 'Semicolon (;)',
  'preview.delimiter.tab': 'Tab',
  'preview.delimiter.pipe': 'Pipe (|)',
  'preview.header': 'First row holds column names',
  'preview.quote': 'Quote character',
  'preview.quote.none': 'none (quotes are text)',
  'preview.columns': 'Columns',
  'preview.type': 'Type',
  'preview.dateOrder': 'Date order',
  'preview.decimal': 'Decimal separator',
  'preview.sampled':
    'Types were decided from {rows, plural, one {# row} other {# rows}} sampled across the whole file ({size}).',
  'preview.rows': 'First rows as they will be stored',
  'preview.import': 'Import',
  'preview.skip': 'Skip this file',
  'preview.refreshing': 'Reading the file again…',
  'preview.queued': '{count, plural, one {# more file} other {# more files}} waiting',
  'warning.ambiguous-date-order':
    'Column {column}: every date fits both day/month and month/day. Check the date order below.',
  'warning.ambiguous-decimal-separator':
    'Column {column}: values like 1,234 could be a thousand or one point two. Check the decimal separator below.',
  'warning.replacement-characters':
    '{count} characters could not be decoded with this encoding and would be replaced. Try another encoding.',
  'warning.compressed-sample-from-start': 'Compressed file: types were decided from its beginning only.',
  'warning.sample-windows-dropped':
    '{count, plural, one {# part} other {# parts}} of the file could not be sampled reliably (long quoted values); types come from the rest.',
  'warning.ragged-rows':
    'Some rows have a different number of fields than the header; the import will list them.',
  'warning.no-header': 'No header row was found; columns are named column_1, column_2, …',

  'storage.heading': 'On this device',
  'storage.persistent': 'Stored persistently: the browser will not clear it on its own.',
  'storage.bestEffort':
    'Stored on a best-effort basis: the browser may clear it when space runs low. Export a backup.',
  'storage.unavailable': 'This browser offers no storage here (private mode?): your work is lost on reload.',
  'storage.lastSaved': 'Last saved {time} ({size}).',
  'storage.neverSaved': 'Nothing saved yet.',
  'storage.saveFailed': 'Could not save: {reason} Your data is still here; export a backup.',
  'storage.export': 'Export database (.sqlite)',
  'storage.open': 'Open a database…',
  'storage.openConfirm':
    'Opening {file} replaces every table in this workspace. Export a backup first if you need one. Continue?',
  'storage.wipe': 'Wipe all local data',
  'storage.wipeConfirm':
    'This deletes every table and every saved copy on this device. It cannot be undone. Export a backup first if you need one. Wipe everything?',
  'storage.wiped': 'All local data was wiped.',
  'storage.opened': 'Opened {file}.',
  'storage.recovered':
    'The last saved copy was damaged ({reason}); the previous good copy was loaded instead.',

  'error.empty-file': 'The file is empty.',
  'error.no-data-rows': 'The file has a header row but no data rows.',
  'error.ragged-rows':
    '{count, plural, one {Line {lines} has} other {# rows have}} a different number of fields than the header ({expected}){count, plural, one {} other {: lines {lines}}}. Nothing was imported; rows are never shifted.',
  'error.unterminated-quote': 'A quoted field starting at line {line} is never closed. Nothing was imported.',
  'error.malformed-quote':
    'A quoted field at line {line} has text after its closing quote. Nothing was imported: check the quoting there.',
  'error.file-too-large':
    'The file is too large to import in one piece ({bytes} bytes; the limit is {limit}).',
  'error.invalid-gzip': 'The compressed file is damaged near byte {byteOffset}. Nothing was imported.',
  'error.gzip-unsupported': 'This browser cannot decompress .gz files. Decompress it first.',
  'error.field-too-large': 'A value at line {line} is longer than {limit} characters. Nothing was imported.',
  'error.line-too-long': 'The first data row is longer than 16 MB: this does not look like a CSV file.',
  'error.invalid-dialect': 'The chosen separator and quote character cannot be the same.',
  'error.too-many-columns': 'The file has {count} columns; SQLite allows at most 2,000.',
  'error.binary-file':
    'This is not a text file (it looks like {kind}). Save it as CSV (UTF-8) and try again.',
  'error.invalid-encoding':
    'The file is not valid {encoding} text (near byte {byteOffset}). Save it as CSV UTF-8 and try again.',
  'error.table-exists': 'A table named {table} already exists.',
  'error.append-mismatch':
    'Cannot append to {table}: it has {expected} columns and the file has {found}. Import it as a new table instead.',
  'error.database-full':
    'The database reached the limit of {limit} that this tab can hold safely. Nothing was imported; import a smaller file or fewer columns.',
  'error.too-large-for-tab':
    'This file needs about {needed} of memory; this tab can hold {limit} safely. Nothing was imported.',
  'error.storage-full': 'The browser’s storage for this site is full.',
  'error.snapshot-corrupt': 'Every saved copy of the database is damaged.',
  'error.storage-unavailable': 'This browser does not let the site store data here (private mode?).',
  'error.storage-failed': 'The browser’s storage failed while saving.',
  'error.storage-newer-version':
    'The saved data comes from a newer version of Crossbook; it was left untouched.',
  'error.storage-closed': 'The storage was closed; reload the page.',
  'error.other-tab':
    'Crossbook was opened in another tab, which now saves the data. Changes made in this tab are no longer saved; reload it to continue here.',
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
  'query.exportCsv': 'CSV',
  'query.exportCsvHint':
    'Download as CSV. Text that a spreadsheet would run as a formula (starting with =, +, -, @) gets a leading apostrophe.',
  'query.exportArrow': 'Arrow',
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

/** Whether a key built at run time (e.g. `error.${code}`) names a message of the catalog. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
export type Catalog = Partial<Record<MessageKey, string>>;
