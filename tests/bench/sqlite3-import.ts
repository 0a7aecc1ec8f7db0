import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { readCpuSeconds, readStatusBytes } from './process-tree';

export interface Sqlite3Import {
  seconds: number;
  rowCount: number;
  peakRssBytes: number;
  cpuSeconds: number;
  /** What sqlite3 wrote to stderr (it reports bad lines there and goes on). */
  warnings: string;
  version: string;
}

export const sqlite3InstallHint = 'sudo apt-get update && sudo apt-get install -y sqlite3';

/**
 * Times the native CLI's `.import` of `csvPath` into a fresh database, a file or `:memory:` (it creates
 * `orders` with TEXT columns from the header, in one transaction). Commands go in on stdin with a marker printed after each
 * step (the CLI flushes after every command), so the clock covers the import alone, not process start-up,
 * and the peak RSS (VmHWM) is read while the process is still alive, exact rather than polled.
 */
export async function timeSqlite3Import(csvPath: string, dbPath: string): Promise<Sqlite3Import> {
  const removeDb = () => (dbPath === ':memory:' ? Promise.resolve() : rm(dbPath, { force: true }));
  await removeDb();
  const child = spawn(process.env.SQLITE3_PATH ?? 'sqlite3', [dbPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`No sqlite3 CLI on PATH (set SQLITE3_PATH, or install it: ${sqlite3InstallHint})`)
          : error
      )
    );
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  let warnings = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (warnings += text));

  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`sqlite3 exited early (code ${await exited}): ${warnings.trim()}`);
    return value;
  };
  const send = (commands: string[]) => child.stdin.write(commands.map((command) => `${command}\n`).join(''));

  try {
    await spawned;
    send(['SELECT sqlite_version();', '.print __ready__']);
    const version = await nextLine();
    await nextLine();

    const started = performance.now();
    send(['.mode csv', `.import ${JSON.stringify(csvPath)} orders`, '.print __imported__']);
    while ((await nextLine()) !== '__imported__');
    const seconds = (performance.now() - started) / 1000;
    const peakRssBytes = readStatusBytes(child.pid as number, 'VmHWM') ?? NaN;
    const cpuSeconds = readCpuSeconds(child.pid as number) ?? NaN;

    send(['.mode list', 'SELECT count(*) FROM orders;', '.quit']);
    const rowCount = Number(await nextLine());
    const code = await exited;
    if (code !== 0) throw new Error(`sqlite3 exited with code ${code}: ${warnings.trim()}`);
    return { seconds, rowCount, peakRssBytes, cpuSeconds, warnings: warnings.trim(), version };
  } finally {
    child.kill();
    await removeDb();
  }
}
