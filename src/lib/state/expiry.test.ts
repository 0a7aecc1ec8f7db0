import { describe, expect, it } from 'vitest';
import { EXPIRY_KEY, isExpired, noteUse, readExpiry, setExpiryDays } from './expiry';

class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
}

const at = (iso: string) => new Date(iso);

describe('workspace expiry', () => {
  it('never expires without a setting', () => {
    const storage = new MemoryStorage();
    expect(readExpiry(storage)).toEqual({ days: null, lastUsed: null });
    expect(isExpired(readExpiry(storage), at('2100-01-01T00:00:00Z'))).toBe(false);
    noteUse(storage, at('2026-01-01T00:00:00Z'));
    expect(storage.getItem(EXPIRY_KEY)).toBeNull();
  });

  it('expires only after more than N whole days without use', () => {
    const storage = new MemoryStorage();
    setExpiryDays(storage, 30, at('2026-01-01T00:00:00Z'));
    const setting = readExpiry(storage);
    expect(setting).toEqual({ days: 30, lastUsed: '2026-01-01T00:00:00.000Z' });
    expect(isExpired(setting, at('2026-01-31T00:00:00Z'))).toBe(false);
    expect(isExpired(setting, at('2026-01-31T00:00:01Z'))).toBe(true);
  });

  it('a use moves the deadline, at most once a minute', () => {
    const storage = new MemoryStorage();
    setExpiryDays(storage, 1, at('2026-01-01T00:00:00Z'));
    noteUse(storage, at('2026-01-01T00:00:30Z'));
    expect(readExpiry(storage).lastUsed).toBe('2026-01-01T00:00:00.000Z');
    noteUse(storage, at('2026-01-01T12:00:00Z'));
    expect(readExpiry(storage).lastUsed).toBe('2026-01-01T12:00:00.000Z');
    expect(isExpired(readExpiry(storage), at('2026-01-02T06:00:00Z'))).toBe(false);
  });

  it('turning expiry off removes the setting', () => {
    const storage = new MemoryStorage();
    setExpiryDays(storage, 7, at('2026-01-01T00:00:00Z'));
    setExpiryDays(storage, null, at('2026-01-02T00:00:00Z'));
    expect(storage.getItem(EXPIRY_KEY)).toBeNull();
  });

  it('ignores damaged settings instead of wiping on them', () => {
    const storage = new MemoryStorage();
    for (const text of [
      '{',
      'null',
      '{"days":-1,"lastUsed":"2000-01-01T00:00:00Z"}',
      '{"days":1,"lastUsed":"yesterday"}'
    ]) {
      storage.setItem(EXPIRY_KEY, text);
      expect(isExpired(readExpiry(storage), at('2026-01-01T00:00:00Z'))).toBe(false);
    }
  });

  it('works without storage', () => {
    expect(readExpiry(undefined)).toEqual({ days: null, lastUsed: null });
    expect(() => setExpiryDays(null, 3, new Date())).not.toThrow();
  });
});
