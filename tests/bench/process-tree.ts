import { readdirSync, readFileSync } from 'node:fs';

/**
 * Memory and CPU of processes, read from Linux's /proc (proc(5)). Processes that exit between a listing and
 * a read are skipped: a sample is a best effort, never an error.
 */

export interface TreeSample {
  rssBytes: number;
  /**
   * Proportional set size: shared pages divided among the processes sharing them, so it sums honestly.
   * NaN when not read (see `sampleTree`).
   */
  pssBytes: number;
  cpuSeconds: number;
  processes: number;
}

export interface TreeWatch {
  /** Stops sampling and returns the highest summed RSS seen, and the CPU time the tree used meanwhile. */
  stop(): {
    peakRssBytes: number;
    peakPssBytes: number;
    cpuSeconds: number;
    samples: number;
    /** Time spent reading /proc, to see what the sampling itself costs (it shares the CPUs). */
    samplingMs: number;
  };
}

/** USER_HZ, the unit of utime/stime in /proc/<pid>/stat: 100 on every Linux Node runs on. */
const clockTicksPerSecond = 100;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function readKilobytes(path: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readText(path) ?? '');
  return match ? Number(match[1]) * 1024 : undefined;
}

/** A line of /proc/<pid>/status, in bytes: VmRSS is the resident set now, VmHWM its peak so far. */
export function readStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  return readKilobytes(`/proc/${pid}/status`, field);
}

/** User plus system CPU time the process has used so far. */
export function readCpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  // utime and stime are fields 14 and 15 of stat; fields[0] here is field 3 (state).
  return fields ? (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond : undefined;
}

/** Every live process below `rootPid` (not the root itself). */
export function descendantsOf(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))?.[1]);
    if (!Number.isFinite(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const pending = [...(children.get(rootPid) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    found.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * Summed memory and CPU time of every process below `rootPid`. Summed RSS counts pages shared between
 * processes (Chromium's 200 MB binary, shared memory) once per process, so for Chromium it overstates the
 * total by hundreds of MiB; summed PSS does not. Both move with what the import allocates. PSS comes from
 * smaps_rollup, which walks every mapping: about 35 ms for Chromium's nine processes (measured here), against
 * 2 ms for the rest, so it is read only when asked for.
 */
export function sampleTree(rootPid: number, { pss = false } = {}): TreeSample {
  let rssBytes = 0;
  let pssBytes = pss ? 0 : NaN;
  let cpuSeconds = 0;
  let processes = 0;
  for (const pid of descendantsOf(rootPid)) {
    const rss = readStatusBytes(pid, 'VmRSS');
    const cpu = readCpuSeconds(pid);
    if (rss === undefined || cpu === undefined) continue;
    rssBytes += rss;
    cpuSeconds += cpu;
    if (pss) pssBytes += readKilobytes(`/proc/${pid}/smaps_rollup`, 'Pss') ?? 0;
    processes++;
  }
  return { rssBytes, pssBytes, cpuSeconds, processes };
}

/**
 * Samples the tree until stopped: RSS and CPU every `intervalMs`, PSS on every `pssEvery`-th sample (so
 * its peak is approximate), keeping the sampling's own share of the two CPUs small.
 */
export function watchTree(rootPid: number, { intervalMs = 100, pssEvery = 10 } = {}): TreeWatch {
  const first = sampleTree(rootPid, { pss: true });
  let peakRssBytes = first.rssBytes;
  let peakPssBytes = first.pssBytes;
  let last = first;
  let samples = 1;
  let samplingMs = 0;
  const take = () => {
    const started = performance.now();
    last = sampleTree(rootPid, { pss: samples % pssEvery === 0 });
    samplingMs += performance.now() - started;
    peakRssBytes = Math.max(peakRssBytes, last.rssBytes);
    if (!Number.isNaN(last.pssBytes)) peakPssBytes = Math.max(peakPssBytes, last.pssBytes);
    samples++;
  };
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      const cpuSeconds = last.cpuSeconds - first.cpuSeconds;
      return { peakRssBytes, peakPssBytes, cpuSeconds, samples, samplingMs };
    }
  };
}
