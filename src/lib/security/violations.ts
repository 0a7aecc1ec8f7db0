/** One connection (or other load) the Content-Security-Policy refused. */
export interface Violation {
  directive: string;
  blockedURI: string;
  source: 'page' | 'engine';
}

/**
 * Counts what the Content-Security-Policy blocked, on the page and in the engine worker, so the app can show
 * it ("0 blocked attempts to reach the network") and the tests can read it. A non-zero count means some code
 * tried to leave the device.
 */
export class ViolationLog {
  readonly #entries: Violation[] = [];
  readonly #listeners = new Set<(entries: readonly Violation[]) => void>();
  #last: { key: string; at: number } | undefined;
  readonly #now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
  }

  /**
   * Each policy in force reports its own violation, so one blocked request after the lock-down (two policies)
   * fires two identical events; they are counted as one attempt.
   */
  record(violation: Violation): void {
    const key = `${violation.source} ${violation.directive} ${violation.blockedURI}`;
    const at = this.#now();
    const repeat = this.#last?.key === key && at - this.#last.at < 250;
    this.#last = { key, at };
    if (repeat) return;
    this.#entries.push(violation);
    for (const listener of this.#listeners) listener(this.#entries);
  }

  get entries(): readonly Violation[] {
    return this.#entries;
  }

  subscribe(listener: (entries: readonly Violation[]) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#entries);
    return () => this.#listeners.delete(listener);
  }

  /** Listens for `securitypolicyviolation` events on the page. */
  watch(target: Pick<Document, 'addEventListener'>): void {
    target.addEventListener('securitypolicyviolation', (event) => {
      this.record({ directive: event.effectiveDirective, blockedURI: event.blockedURI, source: 'page' });
    });
  }
}
