import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files';
import path from 'node:path';

/**
 * Files kept by content under FILES_DIR (DATA_DIR/files): the key is the SHA-256, so a file is written
 * once. Several portal processes may share the folder: each writes under a temporary name of its own
 * and renames it into place, so a reader never sees half a file and two writers never mix theirs.
 */
export interface FileStorage {
  put(content: Buffer): Promise<{ key: string; sha256: string; size: number }>;
  read(key: string): Promise<Buffer>;
  pathOf(key: string): string;
}

export function createFileStorage(root: string): FileStorage {
  const pathOf = (key: string): string => {
    if (!/^[a-f0-9]{64}$/u.test(key)) throw new Error('Bad storage key');
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    pathOf,
    async put(content) {
      const sha256 = createHash('sha256').update(content).digest('hex');
      const target = pathOf(sha256);
      await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
      const temp = `${target}.${randomBytes(8).toString('hex')}.tmp`;
      await writeFile(temp, content, { mode: PRIVATE_FILE_MODE });
      await rename(temp, target);
      return { key: sha256, sha256, size: content.length };
    },
    read: (key) => readFile(pathOf(key)),
  };
}
