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
  'privacy.why.title': 'Why your data never leaves this device',
  'privacy.why.lockedDown': 'Connections: none allowed. Since start-up not even this site can be contacted.',
  'privacy.why.notLockedDown':
    'Connections: only this site, while the app loads its own files; the lock-down has not happened yet.',
  'privacy.why.local':
    'Your files are read by this tab and loaded into SQLite running inside it (WebAssembly, in a worker). There is no server: this site is plain files.',
  'privacy.why.csp':
    'The browser enforces a Content-Security-Policy (below) that forbids sending anything anywhere: no fetch, WebSocket, beacon, form, frame, or image from another site. Once started, the app adds a second policy that forbids connections to this site too, and policies can only be tightened, never loosened.',
  'privacy.why.worker':
    'The database worker starts from a blob: URL, so the same policy binds it; any attempt it makes is blocked and counted in the header.',
  'privacy.why.webrtc':
    'What a policy cannot stop is handled separately: WebRTC is removed before anything runs, and links that leave Crossbook ask first.',
  'privacy.why.code':
    'No third-party code, analytics or fonts are loaded; charts are data, never code; notebook files from others cannot run script.',
  'privacy.why.storage':
    'What you import is kept only in this browser’s storage for this site. “Wipe all local data” deletes it, with the notebooks and the pseudonym key; expiry can do so after days without use.',
  'privacy.why.verify':
    'Check it yourself: the developer tools’ Network tab shows no request after the app has loaded, whatever you do.',
  'privacy.why.policy':
    'The {count, plural, one {policy} other {# policies}} in force, as the browser reads {count, plural, one {it} other {them}}',
  'privacy.why.bootPolicy': 'Set by the page itself',
  'privacy.why.lockDownPolicy': 'Added after start-up (lock-down)',
  'privacy.why.close': 'Close',
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
    'This deletes every table, every saved copy, every notebook and every setting of Crossbook on this device. It cannot be undone. Export a backup (and save your notebooks as files) first if you need them. Wipe everything?',
  'storage.wiped': 'All local data was wiped.',
  'expiry.label': 'Wipe this workspace after',
  'expiry.never': 'never',
  'expiry.days': '{days, plural, one {# day} other {# days}} without use',
  'expiry.note':
    'If this page is not used for {days, plural, one {# day} other {# days}}, its next opening deletes every table, notebook and key before loading anything.',
  'privacy.expired':
    'This workspace had not been used for over {days, plural, one {# day} other {# days}}, so everything stored was wiped, as you had set.',
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
  'tables.label': 'In the file this column was headed “{label}”',

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
  'notebooks.heading': 'Notebooks',
  'notebooks.new': 'New notebook',
  'notebooks.empty': 'No notebooks yet. Start a new one, or open a notebook file.',
  'notebooks.untitled': 'Untitled',
  'notebooks.keys':
    'Enter opens a notebook, F2 renames it, Delete deletes it, the arrow keys move between notebooks, Ctrl+Z undoes a deletion.',
  'notebooks.deleted': 'Deleted “{title}”.',
  'notebooks.undo': 'Undo',
  'notebooks.dismiss': 'Dismiss',
  'notebooks.renameInput': 'New name for {title}',
  'notebooks.untrusted': 'Untrusted',
  'notebooks.untrustedHint': 'Written by someone else: nothing in it runs until you choose to.',
  'notebooks.rename': 'Rename {title}',
  'notebooks.duplicate': 'Duplicate {title}',
  'notebooks.delete': 'Delete {title}',

  'gallery.heading': 'Examples',

  'tables.mapped': 'Your table “{actual}” stands in for “{expected}” in this notebook.',
  'tables.unmap': 'Stop using it',
  'tables.mapMissing': 'Use one of your tables as “{name}”:',
  'tables.mapDifferent': 'Or use another of your tables as “{name}”:',
  'tables.attach': 'Or import a file as “{name}”…',
  'tables.mapColumns': 'Or map the columns of your tables onto “{name}”…',

  'pii.heading':
    '{count, plural, one {# column looks like personal data} other {# columns look like personal data}}',
  'pii.explain':
    'Choose per column: keep it, drop it (never stored), or pseudonymise it. A pseudonym is a keyed hash (HMAC-SHA-256) whose secret stays in this browser: the same value gets the same pseudonym in every file of this workspace, so joins still work, but nobody can turn it back into the value, and wiping the workspace destroys the secret.',
  'pii.evidence.header': 'from its header',
  'pii.evidence.values': '{share} of the sampled values match',
  'pii.evidence.header-and-values': 'from its header; {share} of the sampled values match',
  'pii.kind.email': 'e-mail addresses',
  'pii.kind.phone': 'phone numbers',
  'pii.kind.name': 'personal names',
  'pii.kind.address': 'street addresses',
  'pii.kind.iban': 'IBANs (bank accounts)',
  'pii.kind.card': 'payment card numbers',
  'pii.kind.ip': 'IP addresses',
  'pii.treatment': 'Personal data',
  'pii.treatment.keep': 'Keep',
  'pii.treatment.pseudonymise': 'Pseudonymise',
  'pii.treatment.drop': 'Drop',
  'pii.droppedCell': 'This column is not imported.',
  'pii.pseudonymCell': 'Stored as a keyed pseudonym (ps_ and 24 hex digits), never as this value.',
  'privacy.imported':
    '{pseudonymised, plural, =0 {} one {Pseudonymised # column ({pseudonymisedList}). } other {Pseudonymised # columns ({pseudonymisedList}). }}{dropped, plural, =0 {} one {Left out # column ({droppedList}).} other {Left out # columns ({droppedList}).}}',
  'privacy.noKeyStore':
    'This browser offers no storage for the pseudonym key (private mode?): keep or drop the column instead.',

  'suppress.exports': 'Exports and shared copies: {note}',
  'suppress.shown': 'Shown as shared: {note}',
  'suppress.noCount':
    'No column here counts customers, so groups under {k} cannot be hidden: name the column that does.',
  'suppress.countColumn': 'Customers column',
  'suppress.none': '(none)',
  'suppress.k': 'Hide groups under',
  'suppress.kUnit': 'customers when sharing or exporting',
  'suppress.kHint':
    'Small-cell suppression: a group of fewer customers than this can point at real people, so exports, shared views and exported charts hide or merge it and say so. 1 turns it off.',
  'suppress.sharedView': 'Show as shared',
  'share.added': 'Added {count, plural, one {# table} other {# tables}} from the notebook: {tables}.',
  'share.button': 'Share with data…',
  'share.hint': 'Save the notebook with the tables it reads, encrypted with a passphrase',
  'share.title': 'Share this notebook with its data',
  'share.explain':
    'A notebook file normally carries no data: only queries, charts and a fingerprint of the tables. With this, the tables it reads are included, compressed and encrypted, so a colleague with the passphrase can open the notebook on exactly your data. Send the passphrase another way than the file.',
  'share.tables': 'Included: {tables}.',
  'share.noTables': 'This notebook reads none of your tables, so there is no data to include.',
  'share.pseudonymised':
    'Pseudonymised columns stay pseudonyms; the key that made them never leaves this browser.',
  'share.crypto':
    'Encryption: AES-GCM with a 256-bit key derived from the passphrase by PBKDF2-SHA-256 with {iterations} iterations and a random 16-byte salt; a random 12-byte nonce. Without the passphrase the data cannot be read.',
  'share.passphrase': 'Passphrase',
  'share.repeat': 'Repeat the passphrase',
  'share.mismatch': 'The two passphrases differ.',
  'share.weak': 'Short passphrases can be guessed: use {min} characters or more, e.g. four unrelated words.',
  'share.save': 'Encrypt and save',
  'share.saving': 'Encrypting…',
  'share.cancel': 'Cancel',
  'share.saved': 'Saved {file} with encrypted data.',
  'share.offerTitle': 'This notebook carries encrypted data',
  'share.offerExplain':
    '{file} includes {count, plural, one {# table} other {# tables}} ({tables}), encrypted. Enter the passphrase you were given to add {count, plural, one {it} other {them}} to your workspace, or open the notebook without data.',
  'share.open': 'Add the data',
  'share.opening': 'Decrypting…',
  'share.decline': 'Open without data',
  'share.wrong': 'That passphrase does not open this data (or the file was changed since it was saved).',
  'share.exists':
    'Your workspace already has {count, plural, one {a table} other {tables}} named {tables}. Replace {count, plural, one {it} other {them}} with the notebook’s?',
  'share.replace': 'Replace',
  'share.failed': 'The data could not be added: {reason}',

  'forget.heading': 'Forget customers',
  'forget.explain':
    'Right to erasure: every row of these customers is deleted from the tables below, and the database is rewritten so the saved copy keeps no trace. Results re-run without them.',
  'forget.ids': 'Customer ids (one per line, or separated by commas)',
  'forget.where': 'Look in',
  'forget.submit': 'Forget {count, plural, one {this customer} other {these # customers}}',
  'forget.confirm':
    'Delete every row of {count, plural, one {# customer} other {# customers}} from {tables} tables? This cannot be undone.',
  'forget.done': 'Forgot {count, plural, one {# customer} other {# customers}}: {summary}.',
  'forget.table': '{rows, plural, one {# row} other {# rows}} from {table}',
  'forget.failed': 'Nothing was deleted: {reason}',
  'forget.none': 'No table here has a customer id column.',

  'mapping.title': 'Map your data onto “{name}”',
  'mapping.loading': 'Looking at your tables…',
  'mapping.source': 'Read from',
  'mapping.noSuggestion': 'None of your tables looks like “{name}”: pick one and write the expressions.',
  'mapping.column': 'Column',
  'mapping.expression': 'SQL expression over the table',
  'mapping.required': 'required',
  'mapping.filter': 'Keep only rows where (SQL)',
  'mapping.filterReasons': 'Why these conditions',
  'mapping.groupBy': 'The table has several rows per {column}: make one row of each',
  'mapping.sql': 'The cell it adds to the notebook',
  'mapping.preview': 'First rows it gives',
  'mapping.apply': 'Add to the notebook',
  'mapping.empty': 'I have no data for “{name}”',
  'mapping.cancel': 'Cancel',

  'notebook.title': 'Notebook title',
  'notebook.untitled': 'Untitled notebook',
  'notebook.none': 'No notebook is open. Start a new one, pick an example, or open a notebook file.',
  'notebook.empty': 'This notebook has no cells yet. Add a SQL cell to query your tables.',
  'notebook.open': 'Open notebook file…',
  'notebook.openFailed': '“{name}” could not be opened, and nothing was changed. {reason}',
  'notebook.runAll': 'Run all',
  'notebook.runAllHint': 'Run every cell in order (Ctrl+Shift+Enter)',
  'notebook.save': 'Save',
  'notebook.saveHint': 'Save the notebook as a file, without your data (Ctrl+S)',
  'notebook.saved': 'Saved {file}. It holds the cells and a fingerprint of each table, never the data.',
  'notebook.saveFailed': 'The notebook could not be saved: {reason}',
  'notebook.print': 'Print / PDF',
  'notebook.timeLimit': 'Time limit',
  'notebook.timeLimitHint':
    'A query that runs longer is stopped; the database then restarts from its last saved state.',
  'notebook.watchdog':
    'A query ran longer than the time limit and was stopped. The database restarted from its last saved state; nothing saved was lost.',
  'notebook.cancelled':
    'The run was stopped. The database restarted from its last saved state; nothing saved was lost.',

  'trust.heading': 'This notebook came from a file. Nothing in it has run.',
  'trust.explain':
    'Read its SQL below first. Run it on a throw-away copy of your data (it cannot change your tables), or trust it to run on your data.',
  'trust.onCopy':
    'It runs on a throw-away copy of your data: whatever its SQL does, your tables stay as they are. Trust it to run on your data.',
  'trust.runOnCopy': 'Run on a copy of my data',
  'trust.copying': 'Copying your data…',
  'trust.trust': 'Trust and run',

  'cell.kinds.sql': 'SQL',
  'cell.kinds.chart': 'Chart',
  'cell.kinds.markdown': 'Text',
  'cell.kinds.input': 'Input',
  'cell.aria': '{kind} cell, {position} of {count}',
  'cell.addGroup': 'Add a cell here',
  'cell.resultName': 'Result name: later cells query it by this name',
  'cell.parameterName': 'Parameter name: SQL reads it as :name',
  'cell.chartName': 'Chart name',
  'cell.unnamed': 'unnamed',
  'cell.sqlLabel': 'SQL of {name}',
  'cell.result': 'Result',
  'cell.running': 'Running…',
  'cell.runningFor': 'Running for {time}.',
  'cell.queued': 'Waiting for cells above…',
  'cell.stale': 'Changed since it ran: run it to update',
  'cell.cancelled': 'Stopped',
  'cell.watchdog': 'Stopped: ran longer than the time limit',
  'cell.blocked': 'Not run: it reads {cells}, which failed or could not run.',
  'cell.runHint': 'Run this cell and the cells that read it (Shift+Enter)',
  'cell.moveUp': 'Move cell up',
  'cell.moveUpHint': 'Move cell up (Ctrl+Shift+↑)',
  'cell.moveDown': 'Move cell down',
  'cell.moveDownHint': 'Move cell down (Ctrl+Shift+↓)',
  'cell.delete': 'Delete cell',
  'cell.deleteHint': 'Delete cell (Ctrl+Shift+Backspace); you can undo it',
  'cell.deleted': '{kind} cell deleted.',
  'cell.undo': 'Undo',
  'cell.changes': '{count, plural, one {# row changed} other {# rows changed}} in {time}',
  'cell.rowsAtLeast': 'First {rows, plural, one {# row} other {# rows}} (there are more) in {time}',
  'cell.markdownLabel': 'Text (Markdown)',
  'cell.markdownPlaceholder': "Write Markdown. Show a value with '{{'result'}}' or '{{'result.column'}}'.",
  'cell.markdownHint': 'Shift+Enter or Esc to finish editing.',
  'cell.markdownEdit': 'Text cell: press Enter or double-click to edit',
  'cell.markdownEmpty': 'Empty text cell: press Enter or double-click to write.',

  'chart.setup': 'Chart settings',
  'chart.data': 'Data',
  'chart.pick': 'Pick a result…',
  'chart.mark': 'Mark',
  'chart.marks.bar': 'Bar',
  'chart.marks.line': 'Line',
  'chart.marks.area': 'Area',
  'chart.marks.dot': 'Dot',
  'chart.marks.cell': 'Heatmap',
  'chart.marks.rule': 'Rule',
  'chart.marks.text': 'Text',
  'chart.channel.x': 'X',
  'chart.channel.y': 'Y',
  'chart.channel.color': 'Colour',
  'chart.channel.facet': 'Facet',
  'chart.channel.text': 'Text',
  'chart.aggregate': 'Combine rows',
  'chart.aggregates.none': 'Every row',
  'chart.aggregates.count': 'Count',
  'chart.aggregates.sum': 'Sum',
  'chart.aggregates.mean': 'Mean',
  'chart.aggregates.median': 'Median',
  'chart.aggregates.min': 'Minimum',
  'chart.aggregates.max': 'Maximum',
  'chart.sort': 'Sort',
  'chart.sortNone': 'As in the result',
  'chart.sortCategoryAsc': 'By category, A–Z',
  'chart.sortCategoryDesc': 'By category, Z–A',
  'chart.sortValueAsc': 'By value, smallest first',
  'chart.sortValueDesc': 'By value, largest first',
  'chart.label.title': 'Title',
  'chart.label.x': 'X label',
  'chart.label.y': 'Y label',
  'chart.label.color': 'Colour label',
  'chart.needsData': 'Pick the result to plot.',
  'chart.waiting': 'Waiting for the result “{name}”: run it to draw the chart.',

  'input.any': 'Any',
  'input.clear': 'Clear',
  'input.from': 'From',
  'input.to': 'To',
  'input.noOptions': 'No options yet',
  'input.settings': 'Input settings',
  'input.label': 'Label',
  'input.kind': 'Control',
  'input.kinds.select': 'Select',
  'input.kinds.multi-select': 'Multi-select',
  'input.kinds.date-range': 'Date range',
  'input.kinds.number': 'Number',
  'input.kinds.text': 'Text',
  'input.options': 'Options (one per line)',
  'input.source': 'Options from result',

  'grid.copy': 'Copy',
  'grid.copyLabel': 'Copy from {name}',
  'grid.copyHint': 'Copy the selected cells, or the whole result, as tab-separated text (Ctrl+C)',
  'grid.copied': 'Copied {rows, plural, one {# row} other {# rows}}.',
  'grid.copyFailed': 'The browser did not allow copying.',
  'grid.keys':
    'Arrow keys move, Shift extends the selection, Ctrl+A selects all, Ctrl+Space selects whole columns, Ctrl+C copies. Click a column header to sort.',
  'grid.empty': 'No rows',

  'shortcuts.heading': 'Keyboard shortcuts',
  'shortcuts.runCell': 'Run the cell (in its editor)',
  'shortcuts.runAndAdd': 'Run the cell and add a SQL cell below',
  'shortcuts.runAll': 'Run all cells',
  'shortcuts.move': 'Move the cell up or down',
  'shortcuts.delete': 'Delete the cell',
  'shortcuts.undo': 'Undo the deletion (outside an editor)',
  'shortcuts.save': 'Save the notebook file',
  'shortcuts.cancel': 'Stop the running query',

  'diagnostics.link': 'Engine self-test'
} as const;

export type MessageKey = keyof typeof en;

/** Whether a key built at run time (e.g. `error.${code}`) names a message of the catalog. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
export type Catalog = Partial<Record<MessageKey, string>>;
