import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder holding package.json: the same from src/ under ts-jest and from dist/src/ when built. */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findRoot(__dirname);
export const viewsDir = path.join(projectRoot, 'views');
export const assetsDir = path.join(projectRoot, 'views', 'assets');
export const demoSeedDir = path.join(projectRoot, 'src', 'demo', 'seed');
