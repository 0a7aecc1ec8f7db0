import { describe, expect, it } from 'vitest';
import { effectiveConnectSources, parsePolicy, type PagePolicy } from './policy';

const policy = (text: string, lockDown = false): PagePolicy => ({ lockDown, directives: parsePolicy(text) });

describe('parsePolicy', () => {
  it('reads directives and their sources', () => {
    expect(parsePolicy("default-src 'none'; script-src 'self' 'sha256-abc=';  CONNECT-SRC 'self' ;")).toEqual(
      [
        { name: 'default-src', values: ["'none'"] },
        { name: 'script-src', values: ["'self'", "'sha256-abc='"] },
        { name: 'connect-src', values: ["'self'"] }
      ]
    );
    expect(parsePolicy('')).toEqual([]);
  });
});

describe('effectiveConnectSources', () => {
  it("is 'none' once the lock-down policy is added, whatever the boot policy allows", () => {
    const boot = policy("default-src 'none'; connect-src 'self'");
    expect(effectiveConnectSources([boot])).toEqual(["'self'"]);
    expect(effectiveConnectSources([boot, policy("connect-src 'none'", true)])).toEqual(["'none'"]);
  });

  it('falls back to default-src, and allows anything without any policy', () => {
    expect(effectiveConnectSources([policy("default-src 'none'")])).toEqual(["'none'"]);
    expect(effectiveConnectSources([])).toEqual(['*']);
  });

  it('keeps only the sources every policy allows', () => {
    expect(
      effectiveConnectSources([policy("connect-src 'self' https://a.example"), policy("connect-src 'self'")])
    ).toEqual(["'self'"]);
  });
});
