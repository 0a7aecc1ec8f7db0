/**
 * Test support: an IDBFactory wrapper that fails the Nth IndexedDB call, the storage equivalent of SQLite's
 * "fail at call N" loop (RELIABILITY.md §3.2). Run a scenario for N = 1, 2, ... until the run makes fewer than N
 * calls, and check the stored state after each run.
 */

export type FaultEffect =
  /** The call throws `error` synchronously, as a method refusing its arguments or a closing connection does. */
  | { kind: 'throw'; error: () => unknown }
  /**
   * The call goes through, then its transaction aborts with `error` as the transaction's error: a commit refused
   * for quota, or a crash / terminated worker / reload before `complete`. On `open` and `deleteDatabase`, which
   * have no transaction, this throws instead.
   */
  | { kind: 'abort'; error: () => unknown };

export interface FaultPlan {
  /** The 1-based number of the counted call that fails. */
  at: number;
  /** `once`: that call only; `forever`: that call and every later counted call; a number: that many calls. */
  repeat: 'once' | 'forever' | number;
  effect: FaultEffect;
  /** Count only these methods (e.g. `['put']`); by default every IndexedDB operation counts. */
  methods?: readonly string[];
}

export interface FaultyIndexedDB {
  readonly indexedDB: IDBFactory;
  /** Counted calls so far. */
  readonly calls: number;
  /** Faults injected so far; 0 after a run means the run finished before call N. */
  readonly injected: number;
  /** The counted calls in order, for failure messages. */
  readonly log: readonly string[];
}

const COUNTED: Record<string, ReadonlySet<PropertyKey>> = {
  factory: new Set(['open', 'deleteDatabase']),
  database: new Set(['transaction']),
  transaction: new Set(['objectStore', 'commit']),
  store: new Set(['get', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'clear', 'count', 'openCursor']),
  request: new Set()
};

type Kind = keyof typeof COUNTED;

/** Wraps `real` so that the plan's call fails; `onCall` sees every counted call before it runs. */
export function faultyIndexedDB(
  real: IDBFactory,
  plan: FaultPlan | null,
  onCall?: (call: number, method: string) => void
): FaultyIndexedDB {
  let calls = 0;
  let injected = 0;
  const log: string[] = [];
  const proxies = new WeakMap<object, object>();
  const transactionErrors = new WeakMap<object, unknown>();

  const shouldFail = (call: number) => {
    if (plan === null || call < plan.at) return false;
    if (plan.repeat === 'forever') return true;
    return call < plan.at + (plan.repeat === 'once' ? 1 : plan.repeat);
  };

  const owningTransaction = (kind: Kind, target: object, result: unknown): IDBTransaction | null => {
    if (kind === 'database') return result as IDBTransaction;
    if (kind === 'transaction') return target as IDBTransaction;
    if (kind === 'store') return (target as IDBObjectStore).transaction;
    return null;
  };

  const wrap = <T extends object>(target: T, kind: Kind): T => {
    const existing = proxies.get(target);
    if (existing) return existing as T;
    const proxy = new Proxy(target, {
      get(object, property) {
        if (kind === 'transaction' && property === 'error' && transactionErrors.has(object)) {
          return transactionErrors.get(object);
        }
        const value: unknown = Reflect.get(object, property);
        if (kind === 'request' && property === 'result' && value !== null && typeof value === 'object') {
          return wrap(value, 'database');
        }
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        const name = String(property);
        const counted = COUNTED[kind].has(property) && (!plan?.methods || plan.methods.includes(name));
        if (!COUNTED[kind].has(property)) return method.bind(object);
        return (...args: unknown[]) => {
          const call = counted ? ++calls : 0;
          if (counted) {
            log.push(name);
            onCall?.(call, name);
          }
          const fail = counted && shouldFail(call);
          if (fail && (plan?.effect.kind === 'throw' || kind === 'factory')) {
            injected++;
            throw plan?.effect.error();
          }
          const result = method.apply(object, args);
          if (fail) {
            injected++;
            const transaction = owningTransaction(kind, object, result);
            if (transaction) {
              transactionErrors.set(transaction, plan?.effect.error());
              try {
                transaction.abort();
              } catch {
                // Already committing or finished: the fault came too late to matter.
              }
            }
          }
          if (name === 'open') return wrap(result as object, 'request');
          if (name === 'transaction') return wrap(result as object, 'transaction');
          if (name === 'objectStore') return wrap(result as object, 'store');
          return result;
        };
      },
      set(object, property, value) {
        return Reflect.set(object, property, value);
      }
    });
    proxies.set(target, proxy);
    return proxy;
  };

  return {
    indexedDB: wrap(real, 'factory'),
    get calls() {
      return calls;
    },
    get injected() {
      return injected;
    },
    log
  };
}
