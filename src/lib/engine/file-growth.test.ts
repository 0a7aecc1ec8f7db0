import { mkdtempSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SqlJsStatic } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { DOUBLING_LIMIT, patchFileGrowth, sqlJsFileGrowth } from './file-growth';

const dist = dirname(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.js'));

describe('patchFileGrowth', () => {
  it("rewrites the growth rule of sql.js's browser and Node builds exactly once", () => {
    for (const file of ['sql-wasm-browser.js', 'sql-wasm.js']) {
      const code = readFileSync(join(dist, file), 'utf8');
      const patched = patchFileGrowth(code);
      expect(patched).not.toBe(code);
      expect(patched.length - code.length).toBe(String(DOUBLING_LIMIT).length - '1048576'.length);
      expect(patched).toContain(`<${DOUBLING_LIMIT}?2:1.125)`);
    }
  });

  it('fails the build when the rule is missing or ambiguous (another sql.js version)', () => {
    expect(() => patchFileGrowth('var x = 1;')).toThrow(/found 0 times/);
    const rule = 'm*(m<1048576?2:1.125)>>>0';
    expect(() => patchFileGrowth(`${rule};${rule}`)).toThrow(/found 2 times/);
  });

  it("applies only to sql.js's scripts", () => {
    const plugin = sqlJsFileGrowth();
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    expect(
      transform('m*(m<1048576?2:1.125)>>>0', '/x/node_modules/sql.js/dist/sql-wasm-browser.js?v=1')?.code
    ).toContain(String(DOUBLING_LIMIT));
    expect(transform('m*(m<1048576?2:1.125)>>>0', '/x/src/lib/other.js')).toBeNull();
  });

  it('leaves a patched sql.js storing and reading back a database of many megabytes exactly', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'crossbook-sqljs-'));
    writeFileSync(
      join(folder, 'sql-wasm.cjs'),
      patchFileGrowth(readFileSync(join(dist, 'sql-wasm.js'), 'utf8'))
    );
    copyFileSync(join(dist, 'sql-wasm.wasm'), join(folder, 'sql-wasm.wasm'));
    const { default: initSqlJs } = (await import(pathToFileURL(join(folder, 'sql-wasm.cjs')).href)) as {
      default: (options?: object) => Promise<SqlJsStatic>;
    };
    const SQL = await initSqlJs({ locateFile: (name: string) => join(folder, name) });
    const db = new SQL.Database();
    db.run('CREATE TABLE t (id INTEGER, body TEXT)');
    db.run('BEGIN');
    db.run(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000) INSERT INTO t SELECT i, printf('%0200d', i) FROM n"
    );
    db.run('COMMIT');
    const bytes = db.export();
    expect(bytes.length).toBeGreaterThan(12_000_000);
    const copy = new SQL.Database(bytes);
    expect(copy.exec('PRAGMA integrity_check')[0].values).toEqual([['ok']]);
    expect(copy.exec('SELECT count(*), sum(id), max(body) FROM t')[0].values).toEqual([
      [60000, 1800030000, '0'.repeat(195) + '60000']
    ]);
    db.close();
    copy.close();
  });
});
