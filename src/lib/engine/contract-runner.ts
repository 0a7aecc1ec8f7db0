import { engineContract, type ContractCheck } from './contract';
import type { DataEngine } from './types';

export interface ContractOutcome {
  name: string;
  passed: boolean;
  error?: string;
  elapsedMs: number;
}

/**
 * Runs the engine contract outside a test framework (in the browser's self-test), each case on a fresh engine.
 * Assertions compare structurally: arrays, plain objects, typed arrays, bigint and NaN included.
 */
export async function runEngineContract(
  createEngine: () => Promise<DataEngine>,
  onOutcome: (outcome: ContractOutcome) => void
): Promise<ContractOutcome[]> {
  const outcomes: ContractOutcome[] = [];
  for (const testCase of engineContract) {
    const started = performance.now();
    const engine = await createEngine();
    let outcome: ContractOutcome;
    try {
      await testCase.run(engine, check);
      outcome = { name: testCase.name, passed: true, elapsedMs: performance.now() - started };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = {
        name: testCase.name,
        passed: false,
        error: message,
        elapsedMs: performance.now() - started
      };
    } finally {
      await engine.close();
    }
    outcomes.push(outcome);
    onOutcome(outcome);
  }
  return outcomes;
}

const check: ContractCheck = {
  equal(actual, expected, what) {
    if (!deepEqual(actual, expected)) {
      throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
    }
  },
  ok(condition, what) {
    if (!condition) throw new Error(`${what}: expected true`);
  },
  async rejects(promise, expected, what) {
    let error: unknown;
    try {
      await promise;
    } catch (caught) {
      error = caught;
    }
    if (!(error instanceof Error)) throw new Error(`${what}: expected a rejection with ${expected.name}`);
    if (error.name !== expected.name)
      throw new Error(`${what}: expected ${expected.name}, got ${error.name}: ${error.message}`);
    if (expected.message && !expected.message.test(error.message)) {
      throw new Error(`${what}: message "${error.message}" does not match ${expected.message}`);
    }
  }
};

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    return a.every((byte, i) => byte === b[i]);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b as object);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) =>
    deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])
  );
}

function show(value: unknown): string {
  const text = JSON.stringify(value, (_key, v) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `Uint8Array(${v.length})` : v
  );
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
