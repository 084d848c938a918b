import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PID_FILE = 'gopy.pid';

/** Marks DATA_DIR as in use by a running portal, so that `gopy restore` refuses to pull the database from under it. */
export function writePidFile(dataDir: string): void {
  writeFileSync(path.join(dataDir, PID_FILE), `${process.pid}\n`);
}

export function removePidFile(dataDir: string): void {
  rmSync(path.join(dataDir, PID_FILE), { force: true });
}

/** The pid of a portal still running on DATA_DIR; a file left by a killed one does not count. */
export function runningPortal(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(path.join(dataDir, PID_FILE), 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
