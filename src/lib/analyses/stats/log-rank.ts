/**
 * The log-rank test comparing two survival curves (Mantel 1966; Peto & Peto 1972), as R `survival::survdiff`
 * with rho = 0 computes it for two groups.
 */
import { chiSquareSf } from './distributions';

export interface SurvivalSubject {
  /** Time from origin to the event or to censoring. */
  time: number;
  /** True for an observed event, false for a censored subject. */
  event: boolean;
}

interface LogRankCounts {
  observedA: number;
  expectedA: number;
  observedB: number;
  expectedB: number;
}

export type LogRankResult =
  | ({ kind: 'tested'; chiSquare: number; pValue: number } & LogRankCounts)
  | ({
      kind: 'degenerate';
      /**
       * `no-events`: nobody had the event. `no-variance`: at every event time one group had nobody left at
       * risk (e.g. a group is empty), so the groups were never compared.
       */
      reason: 'no-events' | 'no-variance';
      chiSquare: null;
      pValue: null;
    } & LogRankCounts);

/**
 * At each distinct event time t_j, with n_j = n_Aj + n_Bj at risk (time ≥ t_j) and d_j = d_Aj + d_Bj events:
 *   E_A = Σ d_j n_Aj / n_j,  V = Σ d_j (n_Aj/n_j)(n_Bj/n_j)(n_j − d_j)/(n_j − 1)  (hypergeometric variance),
 *   χ² = (O_A − E_A)² / V with 1 degree of freedom.
 * Subjects censored at an event time count as at risk at it, as in Kaplan–Meier.
 */
export function logRankTest(
  groupA: readonly SurvivalSubject[],
  groupB: readonly SurvivalSubject[]
): LogRankResult {
  const subjects = [
    ...groupA.map((subject) => ({ ...subject, inA: true })),
    ...groupB.map((subject) => ({ ...subject, inA: false }))
  ];
  for (const { time } of subjects) {
    if (!Number.isFinite(time)) throw new RangeError(`Survival time must be a finite number, got ${time}.`);
  }
  subjects.sort((a, b) => a.time - b.time);

  let atRiskA = groupA.length;
  let atRiskB = groupB.length;
  let observedA = 0;
  let observedB = 0;
  let expectedA = 0;
  let expectedB = 0;
  let variance = 0;
  for (let start = 0; start < subjects.length;) {
    const time = subjects[start].time;
    let end = start;
    let eventsA = 0;
    let eventsB = 0;
    let leavingA = 0;
    for (; end < subjects.length && subjects[end].time === time; end += 1) {
      const { inA, event } = subjects[end];
      if (inA) {
        leavingA += 1;
        if (event) eventsA += 1;
      } else if (event) eventsB += 1;
    }
    const events = eventsA + eventsB;
    if (events > 0) {
      const atRisk = atRiskA + atRiskB;
      observedA += eventsA;
      observedB += eventsB;
      expectedA += (events * atRiskA) / atRisk;
      expectedB += (events * atRiskB) / atRisk;
      // With one subject at risk the hypergeometric variance is 0, and (n − d)/(n − 1) would be 0/0.
      if (atRisk > 1) {
        variance += (events * atRiskA * atRiskB * (atRisk - events)) / (atRisk * atRisk * (atRisk - 1));
      }
    }
    atRiskA -= leavingA;
    atRiskB -= end - start - leavingA;
    start = end;
  }

  const counts = { observedA, expectedA, observedB, expectedB };
  if (observedA + observedB === 0) {
    return { kind: 'degenerate', reason: 'no-events', chiSquare: null, pValue: null, ...counts };
  }
  if (variance <= 0)
    return { kind: 'degenerate', reason: 'no-variance', chiSquare: null, pValue: null, ...counts };
  const chiSquare = ((observedA - expectedA) * (observedA - expectedA)) / variance;
  return { kind: 'tested', chiSquare, pValue: chiSquareSf(chiSquare, 1), ...counts };
}
