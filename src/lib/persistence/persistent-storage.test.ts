import { describe, expect, it } from 'vitest';
import { requestPersistentStorage } from './persistent-storage';

interface FakeStorage {
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
  estimate?: () => Promise<StorageEstimate>;
  persistCalls: number;
}

/** A StorageManager whose `persist()` answers `answer` (a value, a throw, or a rejection). */
function fakeStorage(
  answer: 'grant' | 'refuse' | 'throw' | 'reject' | 'undefined',
  persisted = false
): FakeStorage {
  const storage: FakeStorage = {
    persistCalls: 0,
    persisted: async () => persisted,
    persist: () => {
      storage.persistCalls++;
      switch (answer) {
        case 'grant':
          return Promise.resolve(true);
        case 'refuse':
          return Promise.resolve(false);
        case 'throw':
          throw new DOMException('not allowed', 'NotAllowedError');
        case 'reject':
          return Promise.reject(new TypeError('Failed'));
        case 'undefined':
          return Promise.resolve(undefined as unknown as boolean);
      }
    },
    estimate: async () => ({ usage: 1_000, quota: 2_000_000 })
  };
  return storage;
}

const asManager = (storage: FakeStorage) => storage as unknown as StorageManager;

describe('requestPersistentStorage', () => {
  it.each([
    ['grant', true],
    ['refuse', false],
    ['throw', false],
    ['reject', false],
    ['undefined', false]
  ] as const)('persist() answering %s → persisted %s, with usage and quota', async (answer, persisted) => {
    const storage = fakeStorage(answer);
    expect(await requestPersistentStorage(asManager(storage))).toEqual({
      persisted,
      usage: 1_000,
      quota: 2_000_000
    });
    expect(storage.persistCalls).toBe(1);
  });

  it('does not ask again when storage is already persistent', async () => {
    const storage = fakeStorage('refuse', true);
    expect((await requestPersistentStorage(asManager(storage))).persisted).toBe(true);
    expect(storage.persistCalls).toBe(0);
  });

  it('reports not persistent when there is no StorageManager (Safari private mode, old browsers)', async () => {
    expect(await requestPersistentStorage(undefined)).toEqual({ persisted: false });
  });

  it('reports persisted() where persist() is missing (workers expose only persisted and estimate)', async () => {
    const granted = fakeStorage('grant', true);
    delete granted.persist;
    expect(await requestPersistentStorage(asManager(granted))).toEqual({
      persisted: true,
      usage: 1_000,
      quota: 2_000_000
    });
    const refused = fakeStorage('grant', false);
    delete refused.persist;
    expect((await requestPersistentStorage(asManager(refused))).persisted).toBe(false);
  });

  it('tolerates every method missing or failing', async () => {
    expect(await requestPersistentStorage({} as StorageManager)).toEqual({ persisted: false });
    const failing = {
      persisted: () => Promise.reject(new Error('no')),
      persist: () => Promise.resolve(true),
      estimate: () => Promise.reject(new Error('no'))
    } as unknown as StorageManager;
    expect(await requestPersistentStorage(failing)).toEqual({ persisted: true });
  });
});
