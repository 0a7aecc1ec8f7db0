import { IDBFactory } from 'fake-indexeddb';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';
import { openSnapshotStore, type SnapshotStore } from './snapshot-store';

/*
 * RELIABILITY.md §3.1 item 34 and finding 10: 500 deterministic mutations of a stored SQLite snapshot (bytes
 * flipped, truncated, ranges zeroed, header garbage). Target: 0 silent acceptances — every changed snapshot is
 * caught by its SHA-256 and the previous good one is loaded instead. For comparison the same mutated bytes are
 * given to SQLite itself (`PRAGMA quick_check`), which let 19 of 500 through in the measurement.
 */

const MUTATIONS = 500;
const SEED = 0x5eed;

let SQL: SqlJsStatic;
beforeAll(async () => {
  SQL = await initSqlJs();
});

/** A realistic database: customers and orders, seeded; `orders` rows decide its size. */
function buildDatabase(orders: number): Uint8Array {
  const random = seededRandom(42);
  const db = new SQL.Database();
  db.run('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, country TEXT)');
  db.run('CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, amount REAL, placed TEXT)');
  db.run('CREATE INDEX orders_customer ON orders (customer)');
  const countries = ['DE', 'FR', 'JP', 'LV', 'NO', 'ES', 'CN', 'US'];
  db.run('BEGIN');
  for (let id = 1; id <= 500; id++) {
    db.run('INSERT INTO customers VALUES (?, ?, ?)', [
      id,
      `Customer ${id} Ä ß 顧客`,
      countries[id % countries.length]
    ]);
  }
  for (let id = 1; id <= orders; id++) {
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    db.run('INSERT INTO orders VALUES (?, ?, ?, ?)', [
      id,
      1 + Math.floor(random() * 500),
      Math.round(random() * 100_000) / 100,
      `2024-03-${day}`
    ]);
  }
  db.run('COMMIT');
  const bytes = db.export();
  db.close();
  return bytes;
}

type Mutation = 'flip' | 'truncate' | 'zero-range' | 'header-garbage';
const MUTATION_KINDS: Mutation[] = ['flip', 'truncate', 'zero-range', 'header-garbage'];

function mutate(original: Uint8Array, kind: Mutation, random: () => number): Uint8Array {
  const int = (below: number) => Math.floor(random() * below);
  switch (kind) {
    case 'flip': {
      const copy = original.slice();
      for (let i = 1 + int(8); i > 0; i--) copy[int(copy.length)] ^= 1 + int(255);
      return copy;
    }
    case 'truncate':
      // Half the time at a page boundary, as an interrupted write would leave it.
      return original.slice(0, random() < 0.5 ? int(original.length / 4096) * 4096 : int(original.length));
    case 'zero-range': {
      const copy = original.slice();
      const start = int(copy.length);
      copy.fill(0, start, start + 1 + int(8192));
      return copy;
    }
    case 'header-garbage': {
      const copy = original.slice();
      for (let i = 0; i < 100; i++) copy[i] = int(256);
      return copy;
    }
  }
}

/** What SQLite alone says about the bytes: rejected, or accepted by quick_check (with its content). */
function sqliteVerdict(bytes: Uint8Array): { accepted: false } | { accepted: true; content: string } {
  let db;
  try {
    db = new SQL.Database(bytes);
    const check = db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
    if (check !== 'ok') return { accepted: false };
    const content = db.exec(
      'SELECT (SELECT count(*) || sum(amount) || group_concat(placed) FROM orders) || ' +
        "(SELECT group_concat(name || country, ',') FROM customers)"
    );
    return { accepted: true, content: JSON.stringify(content) };
  } catch {
    return { accepted: false };
  } finally {
    db?.close();
  }
}

async function putRaw(indexedDB: IDBFactory, generation: number, bytes: Uint8Array): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('crossbook-snapshots');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('snapshots', 'readwrite');
    tx.objectStore('snapshots').put(bytes.slice().buffer, generation);
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
  db.close();
}

describe('500 seeded mutations of the stored snapshot', () => {
  let store: SnapshotStore;
  let indexedDB: IDBFactory;
  let previous: Uint8Array;
  let newest: Uint8Array;

  beforeAll(async () => {
    previous = buildDatabase(4000);
    newest = buildDatabase(5000);
    indexedDB = new IDBFactory();
    store = await openSnapshotStore({ indexedDB });
    await store.save(previous);
    await store.save(newest);
  });

  it('detects every changed snapshot by its checksum: 0 silent acceptances', async () => {
    const random = seededRandom(SEED);
    const originalContent = sqliteVerdict(newest);
    expect(originalContent.accepted).toBe(true);
    const tally = {
      mutations: 0,
      unchanged: 0,
      detected: 0,
      silentlyAccepted: 0,
      sqlitePassedQuickCheck: 0,
      sqliteSilentContentChange: 0
    };
    const byKind: Record<Mutation, number> = { flip: 0, truncate: 0, 'zero-range': 0, 'header-garbage': 0 };

    for (let i = 0; i < MUTATIONS; i++) {
      const kind = MUTATION_KINDS[Math.floor(random() * MUTATION_KINDS.length)];
      const mutated = mutate(newest, kind, random);
      tally.mutations++;
      byKind[kind]++;
      await putRaw(indexedDB, 2, mutated);
      const loaded = await store.loadLatest();
      const changed =
        mutated.length !== newest.length || mutated.some((byte, offset) => byte !== newest[offset]);
      if (!changed) {
        // Zeroing a range that was already zero: the snapshot is intact and must load as the newest.
        tally.unchanged++;
        expect(loaded?.recovered).toBeUndefined();
        expect(loaded?.bytes).toEqual(newest);
        continue;
      }
      if (
        loaded?.recovered &&
        loaded.bytes.length === previous.length &&
        loaded.bytes.every((b, o) => b === previous[o])
      ) {
        tally.detected++;
        expect(['checksum-mismatch', 'size-mismatch']).toContain(loaded.recovered.reason);
        expect(loaded.recovered.from?.generation).toBe(2);
      } else {
        tally.silentlyAccepted++;
      }
      const verdict = sqliteVerdict(mutated);
      if (verdict.accepted) {
        tally.sqlitePassedQuickCheck++;
        if (originalContent.accepted && verdict.content !== originalContent.content)
          tally.sqliteSilentContentChange++;
      }
    }
    await putRaw(indexedDB, 2, newest);

    console.log(
      `snapshot fuzz (seed ${SEED}, ${newest.length} bytes): ${JSON.stringify(tally)}, by kind ${JSON.stringify(byKind)}`
    );
    expect(tally.mutations).toBe(MUTATIONS);
    expect(tally.silentlyAccepted).toBe(0);
    expect(tally.detected + tally.unchanged).toBe(MUTATIONS);
    expect(tally.detected).toBeGreaterThan(450);
    expect((await store.loadLatest())?.bytes).toEqual(newest);
  });
});
