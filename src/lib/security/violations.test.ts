import { describe, expect, it } from 'vitest';
import { ViolationLog, type Violation } from './violations';

const fetchBlocked: Violation = {
  directive: 'connect-src',
  blockedURI: 'http://evil.example/x',
  source: 'engine'
};

describe('ViolationLog', () => {
  it('counts one attempt when every policy in force reports the same request', () => {
    let now = 1000;
    const log = new ViolationLog(() => now);
    const counts: number[] = [];
    log.subscribe((entries) => counts.push(entries.length));
    log.record(fetchBlocked);
    log.record(fetchBlocked);
    expect(log.entries).toHaveLength(1);
    now += 1000;
    log.record(fetchBlocked);
    log.record({ ...fetchBlocked, source: 'page' });
    expect(log.entries).toHaveLength(3);
    expect(counts).toEqual([0, 1, 2, 3]);
  });
});
