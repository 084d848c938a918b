#!/usr/bin/env node
// `npm run dev`: the portal in development mode (stack traces shown, views re-read), with the
// TypeScript recompiled on every change and the server restarted when the compiled files change.
// Plain Node, so it runs the same on any shell; `npm run dev` builds once before.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const env = { ...process.env, NODE_ENV: 'development' };
const tsc = require.resolve('typescript/bin/tsc');

const children = [
  spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: root, env, stdio: 'inherit' }),
  spawn(process.execPath, ['--watch', path.join('dist', 'src', 'server.js')], { cwd: root, env, stdio: 'inherit' }),
];

let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
};
for (const child of children) child.once('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
