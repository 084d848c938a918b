// Loads a CommonJS module of the portal into the worker: dist/…/x.js when the portal runs built,
// src/…/x.ts when it runs from its sources (jest), compiled on load by TypeScript, which is
// installed whenever the sources run. The worker thus always runs the same parser as its caller.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export function loadModule(file) {
  if (file.endsWith('.ts') && !require.extensions['.ts']) {
    const cache = transpileCache();
    let ts = null;
    const compilerOptions = () => ({ module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true });
    require.extensions['.ts'] = (module, filename) => {
      const source = readFileSync(filename, 'utf8');
      const cached = cache?.read(filename, source);
      if (cached !== undefined) return module._compile(cached, filename);
      // Every import starts a worker, and loading TypeScript takes it a second or more: the
      // compiled text is kept, by the source's hash, for the next worker.
      ts ??= require('typescript');
      const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions: compilerOptions() });
      cache?.write(filename, source, outputText);
      module._compile(outputText, filename);
    };
  }
  return require(file);
}

/**
 * A folder of this user's alone under the system's temporary folder, or null when it cannot be
 * trusted (made by someone else, or open to others): then every worker compiles for itself.
 */
function transpileCache() {
  try {
    const { uid, username } = userInfo();
    const dir = path.join(tmpdir(), `gopy-ts-cache-${username}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || (uid >= 0 && stat.uid !== uid) || (stat.mode & 0o077) !== 0) return null;
    // TypeScript's version and this loader's own text (its compiler options) are part of the key.
    const version = require('typescript/package.json').version;
    const loader = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const key = (filename, source) => createHash('sha256').update(`${version}\0${loader}\0${filename}\0${source}`).digest('hex');
    return {
      read(filename, source) {
        try {
          return readFileSync(path.join(dir, `${key(filename, source)}.js`), 'utf8');
        } catch {
          return undefined;
        }
      },
      write(filename, source, output) {
        try {
          const target = path.join(dir, `${key(filename, source)}.js`);
          const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`;
          writeFileSync(temp, output, { mode: 0o600 });
          renameSync(temp, target);
        } catch {
          // A cache that cannot be written only costs the next worker the compile.
        }
      },
    };
  } catch {
    return null;
  }
}
