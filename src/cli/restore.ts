import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Out } from './staff';

/** What makes a file a Gopy database worth restoring: SQLite, intact, and migrated by Gopy. */
function checkBackup(file: string): string | null {
  let source: BetterSqlite3.Database;
  try {
    source = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    return `cannot open ${file}: ${(err as Error).message}`;
  }
  try {
    const integrity = source.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return `${file} is damaged: ${String(integrity)}`;
    const migrated = source.prepare("select count(*) as n from sqlite_master where type = 'table' and name in ('kysely_migration', 'consultations')").get() as { n: number };
    if (migrated.n < 2) return `${file} is not a Gopy database`;
    return null;
  } catch (err) {
    return `${file} is not a SQLite database: ${(err as Error).message}`;
  } finally {
    source.close();
  }
}

/**
 * Whether another process (the portal) has the database open: with `locking_mode = EXCLUSIVE`, a
 * transaction needs the WAL index to itself, which fails at once while any other connection is
 * attached. A pid file would not do: in a container the portal and this command may both be pid 1.
 */
function inUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const probe = new BetterSqlite3(file, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
    return false;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return true;
    throw err;
  } finally {
    probe.close();
  }
}

/**
 * `gopy restore FILE`: puts a backup in place of DATA_DIR/gopy.sqlite. The current database (with
 * its WAL, so nothing committed is lost) is renamed, not deleted; the portal migrates the restored
 * copy when it starts, so a backup from an older version restores too.
 */
export async function restore(file: string | undefined, dataDir: string, out: Out): Promise<number> {
  if (!file) {
    out.error('gopy restore: name the backup file, e.g. gopy restore gopy-2026-11-29.sqlite');
    return 2;
  }
  const target = path.join(dataDir, 'gopy.sqlite');
  if (inUse(target)) {
    out.error(`gopy restore: ${target} is open in another process (the portal is running on ${dataDir}); stop it first.`);
    return 1;
  }
  const problem = checkBackup(file);
  if (problem) {
    out.error(`gopy restore: ${problem}`);
    return 1;
  }
  // The copy is made beside the database first: if it fails half-way, the database is untouched.
  const incoming = `${target}.restoring`;
  rmSync(incoming, { force: true });
  const source = new BetterSqlite3(file, { readonly: true });
  try {
    await source.backup(incoming);
  } finally {
    source.close();
  }
  let keptAs: string | null = null;
  if (existsSync(target)) {
    keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/gu, '-')}`;
    renameSync(target, keptAs);
    if (existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${keptAs}-wal`);
    rmSync(`${target}-shm`, { force: true });
  }
  renameSync(incoming, target);
  out.log(`Restored ${file} to ${target}.${keptAs ? ` The database it replaced is kept as ${keptAs}.` : ''}`);
  return 0;
}
