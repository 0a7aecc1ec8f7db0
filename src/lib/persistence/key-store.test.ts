import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openKeyStore } from './key-store';

const makeKey = () =>
  crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']) as Promise<CryptoKey>;

async function sign(key: CryptoKey, text: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text));
  return Buffer.from(signature).toString('hex');
}

describe('openKeyStore', () => {
  it('makes the key once and returns the same key afterwards, also from a new connection', async () => {
    const indexedDB = new IDBFactory();
    let made = 0;
    const create = () => (made++, makeKey());
    const store = openKeyStore({ indexedDB, create });
    expect(await store.has()).toBe(false);
    const first = await store.get();
    const again = await store.get();
    expect(made).toBe(1);
    expect(await store.has()).toBe(true);
    await store.close();

    const reopened = openKeyStore({ indexedDB, create });
    const later = await reopened.get();
    expect(made).toBe(1);
    expect(await sign(later, 'a@example.com')).toBe(await sign(first, 'a@example.com'));
    expect(await sign(again, 'a@example.com')).toBe(await sign(first, 'a@example.com'));
    expect(later.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', later)).rejects.toThrow();
    await reopened.close();
  });

  it('gives two stores racing for the first key the same key', async () => {
    const indexedDB = new IDBFactory();
    const a = openKeyStore({ indexedDB, create: makeKey });
    const b = openKeyStore({ indexedDB, create: makeKey });
    const [keyA, keyB] = await Promise.all([a.get(), b.get()]);
    expect(await sign(keyA, 'x')).toBe(await sign(keyB, 'x'));
    await a.close();
    await b.close();
  });

  it('forgets the key with its database: a new key signs differently', async () => {
    const indexedDB = new IDBFactory();
    const store = openKeyStore({ indexedDB, create: makeKey });
    const before = await sign(await store.get(), 'x');
    await store.destroy();
    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain('crossbook-keys');
    const fresh = openKeyStore({ indexedDB, create: makeKey });
    expect(await fresh.has()).toBe(false);
    expect(await sign(await fresh.get(), 'x')).not.toBe(before);
    await fresh.close();
  });

  it('reports a browser without IndexedDB as unavailable storage', async () => {
    const store = openKeyStore({ indexedDB: undefined, create: makeKey });
    await expect(store.get()).rejects.toMatchObject({ code: 'storage-unavailable' });
  });
});
