import { seededRandom } from '../persistence/seeded-random';

/**
 * The draws the demo generator needs, over the project's mulberry32 stream. Every draw uses only `+ − × ÷`,
 * comparisons and `Math.floor`: no `Math.log`, `Math.exp` or `Math.cos`, whose last bits may differ between
 * JavaScript engines, so one seed gives byte-identical data in every browser, not only in Node.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** One item with probability proportional to its weight; weights need not sum to 1. */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T;
  /**
   * Approximately standard normal: Irwin–Hall (sum of 12 uniforms − 6), which needs no transcendental
   * function and is bounded to ±6, so a random walk can never take an absurd step.
   */
  normal(): number;
}

export function createRandom(seed: number): Random {
  const next = seededRandom(seed);
  const random: Random = {
    next,
    chance: (p) => next() < p,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(items, weightOf) {
      let total = 0;
      for (const item of items) total += weightOf(item);
      let target = next() * total;
      for (const item of items) {
        target -= weightOf(item);
        if (target < 0) return item;
      }
      return items[items.length - 1];
    },
    normal() {
      let sum = 0;
      for (let i = 0; i < 12; i++) sum += next();
      return sum - 6;
    }
  };
  return random;
}
