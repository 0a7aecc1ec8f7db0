import { IDBFactory } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import { faultyIndexedDB, type FaultPlan } from './faulty-indexeddb';
import { seededBytes } from './seeded-random';
import { openSnapshotStore, type LoadedSnapshot } from './snapshot-store';
import { StorageError } from './storage-error';

/*
 * RELIABILITY.md §3.2, "failure at the Nth storage call": every IndexedDB call a save (or load, or wipe) makes
 * fails in turn, once or from then on, and after each run a fresh store — the app after a reload — must find
 * the state before or the state after, byte for byte, never a mix, and never an error while a good snapshot
 * exists. A throw models a refused call; an abort models a commit refused for quota, a terminated worker or a
 * reload before `complete`.
 */

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

const effects: { name: string; plan: Omit<FaultPlan, 'at' | 'repeat'>; quota: boolean }[] = [
  {
    name: 'a call throws UnknownError',
    plan: { effect: { kind: 'throw', error: () => new DOMException('boom', 'UnknownError') } },
    quota: false
  },
  {
    name: 'put throws QuotaExceededError',
    plan: { methods: ['put'], effect: { kind: 'throw', error: quota } },
    quota: true
  },
  {
    name: 'the transaction aborts with QuotaExceededError (commit refused)',
    plan: { effect: { kind: 'abort', error: quota } },
    quota: true
  },
  {
    name: 'the transaction aborts without an error (worker terminated, reload before complete)',
    plan: { effect: { kind: 'abort', error: () => null } },
    quota: false
  }
];
const repeats = ['once', 'forever'] as const;

const OLDER = seededBytes(10, 3000);
const BEFORE = seededBytes(11, 4000);
const AFTER = seededBytes(12, 6000);
const RETRY = seededBytes(13, 2000);

const totals = {
  save: { runs: 0, before: 0, after: 0 },
  load: { runs: 0, newest: 0, previous: 0, error: 0 },
  wipe: { runs: 0, kept: 0, wiped: 0 }
};
afterAll(() => {
  const { save, load, wipe } = totals;
  console.log(
    `fault injection: save ${save.runs} runs (${save.before} before, ${save.after} after, 0 mixed); ` +
      `load ${load.runs} runs (${load.newest} newest, ${load.previous} previous with a reason, ${load.error} coded errors, 0 wrong bytes); ` +
      `wipe ${wipe.runs} runs (${wipe.kept} kept, ${wipe.wiped} wiped)`
  );
});

/** A database holding two generations, OLDER (1) and BEFORE (2). */
async function seeded(): Promise<IDBFactory> {
  const indexedDB = new IDBFactory();
  const store = await openSnapshotStore({ indexedDB });
  await store.save(OLDER);
  await store.save(BEFORE);
  store.close();
  return indexedDB;
}

async function storedKeys(indexedDB: IDBFactory): Promise<IDBValidKey[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('crossbook-snapshots');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const request = db.transaction('snapshots').objectStore('snapshots').getAllKeys();
  const keys = await new Promise<IDBValidKey[]>(
    (resolve) => (request.onsuccess = () => resolve(request.result))
  );
  db.close();
  return keys;
}

/** What a reload finds; asserts it is exactly `expected` with its older neighbour, and that a retry works. */
async function expectState(indexedDB: IDBFactory, expected: 'before' | 'after') {
  const store = await openSnapshotStore({ indexedDB });
  const loaded = await store.loadLatest();
  expect(loaded?.recovered).toBeUndefined();
  expect(loaded?.bytes).toEqual(expected === 'after' ? AFTER : BEFORE);
  expect((await store.list()).map((s) => s.generation)).toEqual(expected === 'after' ? [3, 2] : [2, 1]);
  expect(await storedKeys(indexedDB)).toEqual(expected === 'after' ? [2, 3] : [1, 2]);
  await store.save(RETRY);
  expect((await store.loadLatest())?.bytes).toEqual(RETRY);
  store.close();
}

const cases = effects.flatMap((e) => repeats.map((repeat) => [e.name, repeat, e.plan, e.quota] as const));

describe('fault injection, failing IndexedDB call N = 1, 2, ... until the operation completes', () => {
  it.each(cases)('save, %s (%s): a reload finds before or after', async (_, repeat, plan, isQuota) => {
    let before = 0;
    for (let at = 1; at < 200; at++) {
      const real = await seeded();
      const faulty = faultyIndexedDB(real, { ...plan, repeat, at });
      const outcome = await openSnapshotStore({ indexedDB: faulty.indexedDB })
        .then((store) => store.save(AFTER).finally(() => store.close()))
        .then(
          () => 'saved' as const,
          (error: unknown) => error
        );
      if (outcome !== 'saved') {
        before++;
        // A failed save says why, in terms the UI can translate; a quota error is never reported as another.
        expect(outcome).toBeInstanceOf(StorageError);
        const failed = faulty.log[at - 1];
        const expected =
          failed === 'open' ? 'storage-unavailable' : isQuota ? 'storage-full' : 'storage-failed';
        expect((outcome as StorageError).code).toBe(expected);
      }
      await expectState(real, outcome === 'saved' ? 'after' : 'before');
      totals.save.runs++;
      totals.save[outcome === 'saved' ? 'after' : 'before']++;
      if (faulty.injected === 0) {
        expect(outcome).toBe('saved');
        // Every earlier run failed: no injected fault let a save report success.
        expect(before).toBe(at - 1);
        return;
      }
    }
    throw new Error('The save never finished without a fault.');
  });

  it.each(cases)(
    'load, %s (%s): returns a good snapshot or a coded error, and changes nothing',
    async (_, repeat, plan) => {
      for (let at = 1; at < 200; at++) {
        const real = await seeded();
        const faulty = faultyIndexedDB(real, { ...plan, repeat, at });
        const result = await openSnapshotStore({ indexedDB: faulty.indexedDB })
          .then((store) => store.loadLatest().finally(() => store.close()))
          .then(
            (loaded): LoadedSnapshot | null | Error => loaded,
            (error: unknown) => (error instanceof Error ? error : new Error(String(error)))
          );
        if (result instanceof Error) {
          expect(result).toBeInstanceOf(StorageError);
          expect((result as StorageError).code).not.toBe('snapshot-corrupt');
          totals.load.error++;
        } else if (result?.recovered) {
          expect(result.bytes).toEqual(OLDER);
          expect(result.recovered.reason).toBe('unreadable');
          totals.load.previous++;
        } else {
          expect(result?.bytes).toEqual(BEFORE);
          totals.load.newest++;
        }
        await expectState(real, 'before');
        totals.load.runs++;
        if (faulty.injected === 0) {
          expect(result).toMatchObject({ bytes: BEFORE });
          return;
        }
      }
      throw new Error('never finished');
    }
  );

  it.each(cases)('wipe, %s (%s): everything or nothing is deleted', async (_, repeat, plan) => {
    for (let at = 1; at < 200; at++) {
      const real = await seeded();
      const faulty = faultyIndexedDB(real, { ...plan, repeat, at });
      const wiped = await openSnapshotStore({ indexedDB: faulty.indexedDB })
        .then((store) => store.wipe().finally(() => store.close()))
        .then(
          () => true,
          () => false
        );
      const check = await openSnapshotStore({ indexedDB: real });
      if (wiped) expect(await check.loadLatest()).toBeNull();
      else expect((await check.loadLatest())?.bytes).toEqual(BEFORE);
      check.close();
      totals.wipe.runs++;
      totals.wipe[wiped ? 'wiped' : 'kept']++;
      if (faulty.injected === 0) {
        expect(wiped).toBe(true);
        return;
      }
    }
    throw new Error('never finished');
  });
});
