// Loads a CommonJS module of the portal into the worker: dist/…/x.js when the portal runs built,
// src/…/x.ts when it runs from its sources (jest), compiled on load by TypeScript, which is
// installed whenever the sources run. The worker thus always runs the same parser as its caller.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function loadModule(file) {
  if (file.endsWith('.ts') && !require.extensions['.ts']) {
    const ts = require('typescript');
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions });
      module._compile(outputText, filename);
    };
  }
  return require(file);
}
