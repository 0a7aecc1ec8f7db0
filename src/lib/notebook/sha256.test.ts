import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededBytes, seededRandom } from '../persistence/seeded-random';
import { Sha256 } from './sha256';

const nodeHex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const ascii = (text: string) => new TextEncoder().encode(text);

describe('Sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
    ]
  ])('FIPS 180-4 test vector %j', (text, hex) => {
    expect(new Sha256().update(ascii(text)).hex()).toBe(hex);
  });

  it('matches node:crypto for every length around the block and padding edges', () => {
    for (let length = 0; length <= 200; length++) {
      const bytes = seededBytes(length, length);
      expect(new Sha256().update(bytes).hex(), `length ${length}`).toBe(nodeHex(bytes));
    }
  });

  it('gives the same digest however the input is cut into pieces (seeded)', () => {
    const random = seededRandom(7);
    const bytes = seededBytes(99, 5_000);
    for (let round = 0; round < 50; round++) {
      const hash = new Sha256();
      for (let offset = 0; offset < bytes.length;) {
        const size = Math.floor(random() * 300);
        hash.update(bytes.subarray(offset, offset + size));
        offset += size;
      }
      expect(hash.hex()).toBe(nodeHex(bytes));
    }
  });

  it('refuses to be used after it is finished', () => {
    const hash = new Sha256();
    hash.hex();
    expect(() => hash.update(new Uint8Array(1))).toThrow(/finished/);
  });
});
