import { CodedError, EngineClosedError, SqlError } from './errors';
import type { DataEngine } from './types';

/**
 * The behaviour every `DataEngine` must have, written once and run against each implementation: the
 * in-process engine and a worker engine over a `MessageChannel` in Node (vitest), and the real Web Worker
 * engine in Chromium (the diagnostics page, driven by the end-to-end tests).
 *
 * The suite depends on no test framework so that it can also run in the browser; `ContractCheck` is the
 * small set of assertions it needs.
 */
export interface ContractCheck {
  equal(actual: unknown, expected: unknown, what: string): void;
  ok(condition: boolean, what: string): void;
  rejects(
    promise: Promise<unknown>,
    expected: { name: string; message?: RegExp },
    what: string
  ): Promise<void>;
}

export interface ContractCase {
  name: string;
  /** Each case gets a fresh engine with an empty database. */
  run(engine: DataEngine, check: ContractCheck): Promise<void>;
}

const csv = (text: string, fileName = 'people.csv') => ({ file: new Blob([text]), fileName });

export const engineContract: ContractCase[] = [
  {
    name: 'query returns columns with storage classes and rows',
    async run(engine, check) {
      const result = await engine.query(
        "SELECT 1 AS i, 2.5 AS r, 'x' AS t, x'00ff' AS b, NULL AS n, 9007199254740993 AS big"
      );
      check.equal(
        result.columns,
        [
          { name: 'i', type: 'integer' },
          { name: 'r', type: 'real' },
          { name: 't', type: 'text' },
          { name: 'b', type: 'blob' },
          { name: 'n', type: 'null' },
          { name: 'big', type: 'integer' }
        ],
        'columns'
      );
      check.equal(result.rows, [[1, 2.5, 'x', new Uint8Array([0, 255]), null, 9007199254740993n]], 'rows');
      check.ok(result.elapsedMs >= 0, 'elapsed time is reported');
    }
  },
  {
    name: 'a column holding integers and reals is real; text and numbers is mixed',
    async run(engine, check) {
      const result = await engine.query('SELECT * FROM (VALUES (1, 1), (2.5, ?), (NULL, NULL))', ['a']);
      check.equal(
        result.columns.map((c) => c.type),
        ['real', 'mixed'],
        'merged types'
      );
    }
  },
  {
    name: 'positional and named parameters are bound, never spliced into the SQL',
    async run(engine, check) {
      await engine.exec('CREATE TABLE t (name TEXT, n INTEGER)');
      await engine.query('INSERT INTO t VALUES (?, ?)', ["Robert'); DROP TABLE t; --", 1]);
      await engine.query('INSERT INTO t VALUES (:name, :n)', { name: 'Zoë', n: 2 });
      await engine.query('INSERT INTO t VALUES (@name, $n)', { '@name': '顧客', $n: 3 });
      const result = await engine.query('SELECT name, n FROM t WHERE n >= :min ORDER BY n', { min: 1 });
      check.equal(
        result.rows,
        [
          ["Robert'); DROP TABLE t; --", 1],
          ['Zoë', 2],
          ['顧客', 3]
        ],
        'rows'
      );
    }
  },
  {
    name: 'an empty result still names its columns',
    async run(engine, check) {
      const result = await engine.query('SELECT 1 AS a, 2 AS b WHERE 0');
      check.equal(
        result.columns.map((c) => c.name),
        ['a', 'b'],
        'column names'
      );
      check.equal(result.rows, [], 'no rows');
    }
  },
  {
    name: 'SQL errors are rejected as SqlError with SQLite’s message',
    async run(engine, check) {
      await check.rejects(
        engine.query('SELEC 1'),
        { name: 'SqlError', message: /syntax error/ },
        'syntax error'
      );
      await check.rejects(
        engine.query('SELECT * FROM missing_table'),
        { name: 'SqlError', message: /no such table: missing_table/ },
        'missing table'
      );
      const error = await engine.query('SELECT * FROM nowhere').catch((e: unknown) => e);
      check.ok(error instanceof SqlError && error instanceof Error, 'rebuilt as a real SqlError');
    }
  },
  {
    name: 'query refuses a second statement instead of silently ignoring it',
    async run(engine, check) {
      await engine.exec('CREATE TABLE keep (x)');
      await check.rejects(
        engine.query('SELECT 1; DROP TABLE keep'),
        { name: 'SqlError', message: /Only one statement/ },
        'second statement'
      );
      const tables = await engine.describeTables();
      check.equal(
        tables.map((t) => t.name),
        ['keep'],
        'table still there'
      );
      await check.rejects(
        engine.query('  -- nothing\n'),
        { name: 'SqlError', message: /no SQL statement/ },
        'empty'
      );
    }
  },
  {
    name: 'exec runs a script and counts changed rows',
    async run(engine, check) {
      const result = await engine.exec(
        `CREATE TABLE a (x INTEGER);
         INSERT INTO a VALUES (1), (2), (3);
         SELECT * FROM a;
         UPDATE a SET x = x * 10 WHERE x > 1;
         DELETE FROM a WHERE x = 1;`
      );
      check.equal(result.changes, 6, 'changes: 3 inserted + 2 updated + 1 deleted');
      check.equal((await engine.query('SELECT x FROM a ORDER BY x')).rows, [[20], [30]], 'rows');
    }
  },
  {
    name: 'exec binds named parameters in every statement',
    async run(engine, check) {
      await engine.exec(
        'CREATE TABLE p (v TEXT); INSERT INTO p VALUES (:v); INSERT INTO p VALUES (:v || :v);',
        {
          v: 'ab'
        }
      );
      check.equal((await engine.query('SELECT v FROM p ORDER BY rowid')).rows, [['ab'], ['abab']], 'rows');
    }
  },
  {
    name: 'a failing script keeps what ran before the error, as SQLite does',
    async run(engine, check) {
      await check.rejects(
        engine.exec('CREATE TABLE s (x); INSERT INTO s VALUES (1); INSERT INTO nowhere VALUES (2);'),
        { name: 'SqlError', message: /no such table: nowhere/ },
        'error'
      );
      check.equal((await engine.query('SELECT x FROM s')).rows, [[1]], 'earlier statements applied');
    }
  },
  {
    name: 'describeTables lists tables and views with columns and row counts',
    async run(engine, check) {
      await engine.exec(`
        CREATE TABLE "orders ""2024""" (id INTEGER PRIMARY KEY, amount REAL NOT NULL, note);
        INSERT INTO "orders ""2024""" (amount) VALUES (1.5), (2.5);
        CREATE VIEW big AS SELECT * FROM "orders ""2024""" WHERE amount > 2;`);
      check.equal(
        await engine.describeTables(),
        [
          {
            name: 'big',
            kind: 'view',
            rowCount: null,
            columns: [
              { name: 'id', declaredType: 'INTEGER', notNull: false, primaryKey: false },
              { name: 'amount', declaredType: 'REAL', notNull: false, primaryKey: false },
              // SQLite reports an untyped column seen through a view as BLOB (no affinity).
              { name: 'note', declaredType: 'BLOB', notNull: false, primaryKey: false }
            ]
          },
          {
            name: 'orders "2024"',
            kind: 'table',
            rowCount: 2,
            columns: [
              { name: 'id', declaredType: 'INTEGER', notNull: false, primaryKey: true },
              { name: 'amount', declaredType: 'REAL', notNull: true, primaryKey: false },
              { name: 'note', declaredType: '', notNull: false, primaryKey: false }
            ]
          }
        ],
        'tables'
      );
    }
  },
  {
    name: 'importCsv creates a typed table and reports progress',
    async run(engine, check) {
      const phases = new Set<string>();
      const imported = await engine.importCsv(csv('id,name,score,zip\n1,Ana,9.5,00123\n2,Björn,7,10115\n'), {
        onProgress: (p) => phases.add(p.phase)
      });
      check.equal(imported.table, 'people', 'table name from the file name');
      check.equal(imported.rowCount, 2, 'row count');
      check.equal(
        imported.columns.map((c) => [c.name, c.type]),
        [
          ['id', 'INTEGER'],
          ['name', 'TEXT'],
          ['score', 'REAL'],
          ['zip', 'TEXT']
        ],
        'column types; the leading-zero code stays text'
      );
      check.ok(phases.has('insert'), 'insert progress reported');
      const rows = (await engine.query('SELECT id, name, score, zip, typeof(score) FROM people ORDER BY id'))
        .rows;
      check.equal(
        rows,
        [
          [1, 'Ana', 9.5, '00123', 'real'],
          [2, 'Björn', 7, '10115', 'real']
        ],
        'stored values'
      );
    }
  },
  {
    name: 'a second import of the same file name gets a unique table name',
    async run(engine, check) {
      await engine.importCsv(csv('a\n1\n', 'Orders.csv'));
      const second = await engine.importCsv(csv('a\n2\n', 'orders.csv'));
      check.equal(second.table, 'orders_2', 'unique name (ASCII case-insensitive, as SQLite compares names)');
    }
  },
  {
    name: 'a failed import leaves the database exactly as it was',
    async run(engine, check) {
      await engine.exec('CREATE TABLE existing (x); INSERT INTO existing VALUES (1);');
      const before = await engine.exportDatabase();
      await check.rejects(
        engine.importCsv(csv('a,b\n1,2\n3\n', 'ragged.csv')),
        { name: 'ImportError', message: /line 3/ },
        'ragged rows refused with the line'
      );
      await check.rejects(
        engine.importCsv(csv('', 'empty.csv')),
        { name: 'ImportError' },
        'empty file refused'
      );
      await check.rejects(
        engine.importCsv({ ...csv('x\n1\n'), table: 'existing' }),
        { name: 'ImportError', message: /already exists/ },
        'no silent replace'
      );
      const after = await engine.exportDatabase();
      check.equal(after, before, 'database bytes unchanged');
      const error = await engine.importCsv(csv('', 'empty.csv')).catch((e: unknown) => e);
      check.ok(error instanceof CodedError && error.code === 'empty-file', 'error carries a code for the UI');
    }
  },
  {
    name: 'previewCsv decides dialect and types from the file and stores nothing',
    async run(engine, check) {
      const preview = await engine.previewCsv(
        csv('Kunde;Betrag;Datum\r\nMüller;1.234,50;05.03.2024\r\nWeiß;12,00;13.03.2024\r\n', 'umsatz.csv')
      );
      check.equal(preview.table, 'umsatz', 'suggested table name');
      check.equal(preview.dialect.delimiter, ';', 'delimiter');
      check.equal(
        preview.columns.map((c) => [c.name, c.type]),
        [
          ['Kunde', 'TEXT'],
          ['Betrag', 'REAL'],
          ['Datum', 'DATE']
        ],
        'types'
      );
      check.equal(preview.previewRows[0], ['Müller', 1234.5, '2024-03-05'], 'first row as it will be stored');
      check.equal(await engine.describeTables(), [], 'nothing stored');
    }
  },
  {
    name: 'importCsv follows the user’s overrides and keeps misfits as text, reporting where',
    async run(engine, check) {
      const text = 'id,amount\n1,10\n2,11\n3,12\n';
      const imported = await engine.importCsv({
        ...csv(text, 'o.csv'),
        overrides: { columns: { amount: { type: 'TEXT' } } }
      });
      check.equal(
        imported.columns.map((c) => c.type),
        ['INTEGER', 'TEXT'],
        'override applied'
      );
      check.equal(
        (await engine.query('SELECT typeof(amount) FROM o LIMIT 1')).rows,
        [['text']],
        'stored as text'
      );
      const forced = await engine.importCsv({
        ...csv('code\n1\n2\nN/A-7\n', 'codes.csv'),
        overrides: { columns: { code: { type: 'INTEGER' } } }
      });
      check.equal(
        forced.warnings,
        [{ code: 'values-kept-as-text', column: 'code', count: 1, lines: [4] }],
        'misfit reported with its line'
      );
      check.equal(
        (await engine.query('SELECT code, typeof(code) FROM codes ORDER BY rowid')).rows,
        [
          [1, 'integer'],
          [2, 'integer'],
          ['N/A-7', 'text']
        ],
        'the misfit is kept exactly'
      );
      // SQLite would store '01067' as 1067 in an INTEGER column, so the column is widened to TEXT instead.
      const widened = await engine.importCsv({
        ...csv('zip\n10115\n80331\n01067\n', 'zips.csv'),
        overrides: { columns: { zip: { type: 'INTEGER' } } }
      });
      check.equal(
        widened.columns.map((c) => c.type),
        ['TEXT'],
        'widened to text'
      );
      check.equal(
        widened.warnings,
        [{ code: 'column-widened', column: 'zip', lines: [4] }],
        'widening reported'
      );
      check.equal(
        (await engine.query('SELECT zip FROM zips ORDER BY rowid')).rows,
        [['10115'], ['80331'], ['01067']],
        'every value exactly as in the file'
      );
    }
  },
  {
    name: 'importCsv leaves out dropped columns and stores keyed pseudonyms, the same across files',
    async run(engine, check) {
      const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const people = csv(
        'id,email,phone,name\n1,Ana@Example.com,+49 30 1234567,Ana Lima\n2,,,Bo Li\n',
        'people.csv'
      );
      const imported = await engine.importCsv({
        ...people,
        pseudonymKey: key,
        personalData: [
          { column: 'email', treatment: 'pseudonymise', kind: 'email' },
          { column: 'phone', treatment: 'drop' },
          { column: 'name', treatment: 'drop' }
        ]
      });
      check.equal(
        imported.columns.map((c) => [c.name, c.type, c.privacy ?? null]),
        [
          ['id', 'INTEGER', null],
          ['email', 'TEXT', 'pseudonymised']
        ],
        'dropped columns are not created; the pseudonymised one is text'
      );
      check.equal(imported.dropped, ['phone', 'name'], 'dropped headers reported');
      const rows = (await engine.query('SELECT id, email FROM people ORDER BY id')).rows;
      check.ok(
        /^ps_[0-9a-f]{24}$/.test(String(rows[0][1])),
        `a pseudonym replaces the e-mail: ${rows[0][1]}`
      );
      check.equal(rows[1][1], null, 'a missing e-mail stays missing');

      const orders = csv('order_id,customer_email\n10, ana@example.COM \n', 'orders.csv');
      await engine.importCsv({
        ...orders,
        pseudonymKey: key,
        personalData: [{ column: 'customer_email', treatment: 'pseudonymise', kind: 'email' }]
      });
      const joined = await engine.query(
        'SELECT count(*) FROM orders JOIN people ON people.email = orders.customer_email'
      );
      check.equal(
        joined.rows,
        [[1]],
        'the same e-mail in another file gets the same pseudonym, so joins work'
      );

      const [table] = (await engine.describeTables()).filter((t) => t.name === 'people');
      check.equal(table.dropped, ['phone', 'name'], 'the table remembers the dropped headers');
      check.equal(
        table.columns.map((c) => c.privacy ?? null),
        [null, 'pseudonymised'],
        'the table remembers its pseudonymised column'
      );
      const file = new TextDecoder('latin1').decode(await engine.exportDatabase());
      for (const raw of ['Ana@Example.com', 'ana@example', '1234567', 'Ana Lima', 'Bo Li']) {
        check.ok(!file.includes(raw), `the database file holds no "${raw}"`);
      }
      await check.rejects(
        engine.importCsv({
          ...people,
          table: 'again',
          personalData: [{ column: 'email', treatment: 'pseudonymise' }]
        }),
        { name: 'ImportError', message: /key/ },
        'pseudonyms without the key are refused'
      );
      await check.rejects(
        engine.importCsv({
          ...people,
          table: 'again',
          personalData: [{ column: 'e_mail', treatment: 'drop' }]
        }),
        { name: 'ImportError', message: /no column "e_mail"/ },
        'a choice for a column the file lacks is refused, not ignored'
      );
      check.equal(
        (await engine.describeTables()).map((t) => t.name),
        ['orders', 'people'],
        'refused imports created nothing'
      );
    }
  },
  {
    name: 'exportTables carries only the chosen tables; importTables adds them, refusing clashes unless asked',
    async run(engine, check) {
      await engine.importCsv(csv('id,email,note\n1,a@x.io,héllo\n2,b@x.io,\n', 'people.csv'));
      await engine.exec(
        "CREATE TABLE big (n INTEGER, r REAL, b BLOB); INSERT INTO big VALUES (9007199254740993, 2.5, x'00ff');" +
          "CREATE TABLE secret (s TEXT); INSERT INTO secret VALUES ('do-not-share');"
      );
      const bytes = await engine.exportTables(['people', 'big']);
      check.ok(
        !new TextDecoder('latin1').decode(bytes).includes('do-not-share'),
        'other tables are not carried'
      );
      await engine.exec('DROP TABLE people; DROP TABLE big; DROP TABLE secret');

      const added = await engine.importTables(bytes);
      check.equal(
        added.tables,
        [
          { table: 'big', rowCount: 1 },
          { table: 'people', rowCount: 2 }
        ],
        'tables and row counts'
      );
      check.equal(
        (await engine.query('SELECT n, r, b, typeof(n) FROM big')).rows,
        [[9007199254740993n, 2.5, new Uint8Array([0, 255]), 'integer']],
        'every value kept exactly'
      );
      check.equal(
        (await engine.query('SELECT id, email, note FROM people ORDER BY id')).rows,
        [
          [1, 'a@x.io', 'héllo'],
          [2, 'b@x.io', null]
        ],
        'rows in order'
      );
      await check.rejects(
        engine.importTables(bytes),
        { name: 'ImportError', message: /already exist/ },
        'clash refused'
      );
      const replaced = await engine.importTables(bytes, { ifExists: 'replace' });
      check.equal(replaced.replaced, ['big', 'people'], 'replaced when asked');
      await check.rejects(
        engine.importTables(new TextEncoder().encode('SQLite format 3\0 but not really a database')),
        { name: 'SqlError' },
        'a file that is not a database is refused'
      );
      await check.rejects(
        engine.exportTables(['nope']),
        { name: 'SqlError', message: /no table "nope"/ },
        'unknown table'
      );
      check.equal(
        (await engine.query('SELECT count(*) FROM people')).rows,
        [[2]],
        'a refused import changed nothing'
      );
    }
  },
  {
    name: 'exportTables and importTables carry thousands of rows of every kind of value exactly',
    async run(engine, check) {
      // Texts (ASCII, accented, emoji, empty), integers inside and beyond 32 bits, reals, blobs and NULLs in
      // columns of every affinity, enough rows for many multi-row statements. (A real with an integer value in a
      // column without a declared type comes back as an integer: JavaScript numbers do not tell 2.0 from 2.)
      await engine.exec(`CREATE TABLE mix (i INTEGER, r REAL, t TEXT, d DATE, b BLOB, u);
        WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 3000)
        INSERT INTO mix SELECT
          CASE k % 4 WHEN 0 THEN NULL WHEN 1 THEN k WHEN 2 THEN k * 3000000000 ELSE -k END,
          CASE k % 3 WHEN 0 THEN k / 7.0 WHEN 1 THEN NULL ELSE 1e300 END,
          CASE k % 5 WHEN 0 THEN '' WHEN 1 THEN 'plain ' || k WHEN 2 THEN 'Grüße 日本 🎉 ' || k WHEN 3 THEN NULL ELSE '00123' END,
          CASE k % 2 WHEN 0 THEN date('2020-01-01', '+' || k || ' days') ELSE NULL END,
          CASE k % 3 WHEN 0 THEN randomblob(k % 17) WHEN 1 THEN x'' ELSE NULL END,
          CASE k % 4 WHEN 0 THEN k WHEN 1 THEN 'u' || k WHEN 2 THEN k + 0.5 ELSE NULL END
        FROM n;`);
      const select =
        'SELECT i, typeof(i), r, typeof(r), t, typeof(t), d, b, typeof(b), u, typeof(u) FROM mix ORDER BY rowid';
      const before = (await engine.query(select)).rows;
      const bytes = await engine.exportTables(['mix']);
      await engine.exec('DROP TABLE mix');
      await engine.importTables(bytes);
      check.equal((await engine.query(select)).rows, before, 'every value and storage class comes back');
    }
  },
  {
    name: 'importTables runs nothing from the file: triggers, views and odd declared types are left behind',
    async run(engine, check) {
      await engine.exec(
        "CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('x');" +
          'CREATE TABLE log (n INTEGER);' +
          'CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log VALUES (1); END;' +
          'CREATE VIEW v AS SELECT * FROM t;'
      );
      const hostile = await engine.exportDatabase();
      await engine.exec('DROP TRIGGER t_log; DROP VIEW v; DROP TABLE t; DROP TABLE log');
      const added = await engine.importTables(hostile);
      check.equal(
        added.tables.map((t) => t.table),
        ['log', 't'],
        'only tables come in'
      );
      check.equal(
        (await engine.query('SELECT count(*) FROM log')).rows,
        [[0]],
        'the trigger did not run on copy'
      );
      check.equal(
        (await engine.query("SELECT count(*) FROM sqlite_schema WHERE type IN ('trigger', 'view')")).rows,
        [[0]],
        'no trigger or view was created'
      );
    }
  },
  {
    name: 'importCsv replaces or appends to an existing table only when asked',
    async run(engine, check) {
      await engine.importCsv(csv('a,b\n1,x\n', 't.csv'));
      await engine.importCsv({ ...csv('a,b\n2,y\n3,z\n', 't.csv'), table: 't', ifExists: 'append' });
      check.equal(
        (await engine.query('SELECT a, b FROM t ORDER BY a')).rows,
        [
          [1, 'x'],
          [2, 'y'],
          [3, 'z']
        ],
        'append'
      );
      await engine.importCsv({ ...csv('c\nonly\n', 't.csv'), table: 't', ifExists: 'replace' });
      check.equal((await engine.query('SELECT * FROM t')).rows, [['only']], 'replace');
      await check.rejects(
        engine.importCsv({ ...csv('x,y,z\n1,2,3\n', 't.csv'), table: 't', ifExists: 'append' }),
        { name: 'ImportError', message: /column counts differ/ },
        'append with other columns'
      );
      check.equal(
        (await engine.query('SELECT * FROM t')).rows,
        [['only']],
        'unchanged after the refused append'
      );
    }
  },
  {
    name: 'a cancelled import rolls back and leaves the database as it was',
    async run(engine, check) {
      await engine.exec('CREATE TABLE keep (x); INSERT INTO keep VALUES (1);');
      const before = await engine.exportDatabase();
      const rows = Array.from({ length: 200_000 }, (_, i) => `${i},customer ${i},${i % 97}.5`).join('\n');
      const controller = new AbortController();
      let seenRows = 0;
      const importing = engine.importCsv(csv(`id,name,score\n${rows}\n`, 'big.csv'), {
        signal: controller.signal,
        onProgress: (progress) => {
          seenRows = progress.rows ?? seenRows;
          if (seenRows > 0) controller.abort();
        }
      });
      await check.rejects(importing, { name: 'AbortError' }, 'rejected as aborted');
      check.ok(seenRows > 0, 'it had started storing rows');
      check.equal(await engine.exportDatabase(), before, 'database bytes unchanged');
      check.equal((await engine.query('SELECT 1 + 1')).rows, [[2]], 'engine still works');
    }
  },
  {
    name: 'export and load round-trip the whole database',
    async run(engine, check) {
      await engine.exec("CREATE TABLE r (x); INSERT INTO r VALUES ('kept');");
      const bytes = await engine.exportDatabase();
      check.equal(new TextDecoder().decode(bytes.slice(0, 15)), 'SQLite format 3', 'SQLite file header');
      await engine.exec('DROP TABLE r');
      await engine.loadDatabase(bytes);
      check.equal((await engine.query('SELECT x FROM r')).rows, [['kept']], 'restored');
    }
  },
  {
    name: 'the analysis functions are there, also in a loaded database, and not usable from its schema',
    async run(engine, check) {
      const sql =
        "SELECT ln(1), country_code('Deutschland'), country_code('EIRE'), round(norm_cdf(1.96), 7), " +
        '(SELECT pct_cont(x, 0.5) FROM (SELECT 1 AS x UNION ALL SELECT 2.5 UNION ALL SELECT 3)) AS median';
      const expected = [[0, 'DE', 'IE', 0.9750021, 2.5]];
      check.equal((await engine.query(sql)).rows, expected, 'on a new database');
      await engine.exec(
        "CREATE TABLE c (name); INSERT INTO c VALUES ('UK'); CREATE VIEW v AS SELECT country_code(name) AS code FROM c;"
      );
      await engine.loadDatabase(await engine.exportDatabase());
      check.equal((await engine.query(sql)).rows, expected, 'after loading a file');
      // A view stored in the file may not call them (trusted_schema is off); a TEMP view made now may.
      await check.rejects(
        engine.query('SELECT * FROM v'),
        { name: 'SqlError', message: /unsafe use of country_code/ },
        'schema view refused'
      );
      await engine.exec('CREATE TEMP VIEW t AS SELECT country_code(name) AS code FROM c');
      check.equal((await engine.query('SELECT code FROM t')).rows, [['GB']], 'temp view allowed');
    }
  },
  {
    name: 'forgets customers in every given column, and their bytes leave the database file',
    async run(engine, check) {
      await engine.exec(`
        CREATE TABLE people (id TEXT, email TEXT);
        INSERT INTO people VALUES ('C1', 'ana.forgotten@example.com'), ('C2', 'bo@example.com');
        CREATE TABLE sales (buyer INTEGER, amount REAL);
        INSERT INTO sales VALUES (1, 5), (2, 6), (1, 7);
        CREATE TABLE invites (referrer TEXT, referee TEXT);
        INSERT INTO invites VALUES ('C2', 'C1'), ('C2', NULL);
        CREATE TABLE orders (order_id TEXT, customer_id TEXT);
        INSERT INTO orders VALUES ('O1', 'C1'), ('O2', 'C2');
        CREATE TABLE items (order_id TEXT, product TEXT);
        INSERT INTO items VALUES ('O1', 'P1'), ('O1', 'P2'), ('O2', 'P1');
      `);
      const report = await engine.forgetCustomers({
        ids: ['C1', '1'],
        columns: [
          {
            table: 'items',
            column: 'order_id',
            through: { table: 'orders', key: 'order_id', column: 'customer_id' }
          },
          { table: 'orders', column: 'customer_id' },
          { table: 'people', column: 'id' },
          { table: 'sales', column: 'buyer' },
          { table: 'invites', column: 'referee' }
        ]
      });
      check.equal(
        report.removed,
        [
          { table: 'items', column: 'order_id', rows: 2 },
          { table: 'orders', column: 'customer_id', rows: 1 },
          { table: 'people', column: 'id', rows: 1 },
          { table: 'sales', column: 'buyer', rows: 2 },
          { table: 'invites', column: 'referee', rows: 1 }
        ],
        'rows removed per table'
      );
      check.equal((await engine.query('SELECT id FROM people')).rows, [['C2']], 'the others stay');
      check.equal(
        (await engine.query('SELECT order_id, product FROM items')).rows,
        [['O2', 'P1']],
        'their items too'
      );
      check.equal(
        (await engine.query('SELECT buyer, amount FROM sales')).rows,
        [[2, 6]],
        'numbers match as text'
      );
      const file = new TextDecoder('latin1').decode(await engine.exportDatabase());
      check.ok(!file.includes('ana.forgotten'), 'no trace in the file');
      await check.rejects(
        engine.forgetCustomers({
          ids: ['C2'],
          columns: [
            { table: 'people', column: 'id' },
            { table: 'nope', column: 'x' }
          ]
        }),
        { name: 'SqlError' },
        'an unknown table fails the whole erasure'
      );
      check.equal((await engine.query('SELECT id FROM people')).rows, [['C2']], 'and nothing was deleted');
    }
  },
  {
    name: 'loading bytes that are not a database fails and keeps the current one',
    async run(engine, check) {
      await engine.exec("CREATE TABLE k (x); INSERT INTO k VALUES ('still here');");
      await check.rejects(
        engine.loadDatabase(new TextEncoder().encode('this is not a database, just text '.repeat(200))),
        { name: 'SqlError', message: /not a database/ },
        'garbage refused'
      );
      check.equal((await engine.query('SELECT x FROM k')).rows, [['still here']], 'current database kept');
    }
  },
  {
    name: 'requests are answered in order, even while an import is running',
    async run(engine, check) {
      const rows = Array.from({ length: 2000 }, (_, i) => `${i},row ${i}`).join('\n');
      const importing = engine.importCsv(csv(`id,label\n${rows}\n`, 'many.csv'));
      const counted = engine.query('SELECT count(*) FROM many');
      await importing;
      check.equal((await counted).rows, [[2000]], 'the query waited for the whole import');
    }
  },
  {
    name: 'restart gives an empty database and the engine keeps working',
    async run(engine, check) {
      await engine.exec('CREATE TABLE gone (x)');
      await engine.restart();
      check.equal(await engine.describeTables(), [], 'empty after restart');
      check.equal((await engine.query('SELECT 40 + 2')).rows, [[42]], 'answers after restart');
    }
  },
  {
    name: 'a closed engine rejects every call with EngineClosedError',
    async run(engine, check) {
      await engine.close();
      const error = await engine.query('SELECT 1').catch((e: unknown) => e);
      check.ok(error instanceof EngineClosedError, 'EngineClosedError');
    }
  }
];
