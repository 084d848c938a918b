import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'dist', 'src', 'server.js');
const CLI = path.join(ROOT, 'bin', 'gopy.js');

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  output(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The built portal (`npm run build`, part of `npm test`) as its own process on a loopback port.
 * Load shedding is off unless asked for: these tests are about durability, on a machine that jest
 * keeps busy.
 */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(process.execPath, [SERVER], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, DEMO: 'true', OUTBOX_INTERVAL_MS: '1000', OVERLOAD_MAX_LAG_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 30 s:\n${output}`)), 30_000);
    const look = () => {
      const m = /listening on 127\.0\.0\.1:(\d+)/u.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** `npx gopy …` against a DATA_DIR (and DATABASE_URL, …, in `env`), as an operator runs it. */
export function runGopy(args: string[], dataDir: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The personal links the demo's invitations carried, read from the .eml files the outbox wrote. */
export async function demoTokens(dataDir: string, expected = 26): Promise<string[]> {
  const outbox = path.join(dataDir, 'outbox');
  for (let waited = 0; waited < 20_000; waited += 100) {
    const tokens = new Set<string>();
    if (existsSync(outbox)) {
      // A message being written is a dot-file renamed into place when complete: read only whole ones.
      for (const name of readdirSync(outbox).filter((f) => f.endsWith('.eml') && !f.startsWith('.'))) {
        const text = readFileSync(path.join(outbox, name), 'utf8').replace(/=\r?\n/gu, '');
        for (const m of text.matchAll(/\/invite\/([A-Za-z0-9_-]{43})/gu)) tokens.add(m[1]!);
      }
    }
    if (tokens.size >= expected) return [...tokens];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fewer than ${expected} invitations were written to ${outbox}`);
}
