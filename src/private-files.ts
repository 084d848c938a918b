import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The database and the outbox's .eml files hold working personal links and password hashes: what
 * the portal writes under DATA_DIR is readable by the portal's user alone.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates an empty file readable by its owner alone, or narrows an existing one to that. */
export function ensurePrivateFile(file: string): void {
  if (existsSync(file)) {
    chmodSync(file, PRIVATE_FILE_MODE);
    return;
  }
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
}

/** Narrows the files that exist among these to the owner alone; the others are left unmade. */
export function narrowToOwner(...files: string[]): void {
  for (const file of files) if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}
