// The lock that lets one DynamoDB Local at a time own $ROUNDS_HOME's data.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/**
 * One DynamoDB Local at a time may own $ROUNDS_HOME's data files. A command that starts its
 * own takes this lock and waits for another to finish; one whose holder died is taken over.
 */
export async function acquireHomeLock(file: string, waitMs = 120_000): Promise<() => void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!holderAlive(file)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`another rounds command is using ${file}; try again when it is done`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** True while a process with that id runs (EPERM: it exists but is not ours to signal). */
export function processAlive(pid: number): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderAlive(file: string): boolean {
  try {
    return processAlive(Number(readFileSync(file, 'utf8')));
  } catch {
    return false;
  }
}
