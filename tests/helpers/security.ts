import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type request from 'supertest';
import type { TestApp } from './app';

/** Fills a route's parameters (":id", ":token") from `ids`; an unnamed one gets "1". */
export function concrete(routePath: string, ids: Record<string, string>): string {
  return routePath.replace(/:(\w+)/gu, (_, name: string) => ids[name] ?? '1');
}

/**
 * Every row of every table (in a stable order), to prove a refused request changed nothing at all —
 * but the rate limiters' counters, whose job is to count refused requests.
 */
export async function dbSnapshot(t: TestApp): Promise<Record<string, unknown[]>> {
  const db = t.deps.db;
  const tables =
    t.deps.database.engine === 'postgres'
      ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)).rows;
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables.filter((table) => table.name !== 'rate_limits')) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    snapshot[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return snapshot;
}

/** Files under a folder, relative to it, sorted; [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** The token of a personal link: its last path segment. */
export const tokenOf = (link: string): string => link.split('/').at(-1)!;

/** Collects a binary response (DOCX, XLSX, PDF) as a Buffer. */
export const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Waits until the in-flight upload folder is empty: multer's temporary files are removed when the response closes. */
export async function uploadsEmptied(t: TestApp): Promise<string[]> {
  const dir = path.join(t.dataDir, 'uploads');
  for (let i = 0; i < 50 && filesUnder(dir).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return filesUnder(dir);
}

/** The Set-Cookie line for one cookie name, or undefined. */
export function setCookie(res: request.Response, name: string): string | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | string | undefined;
  const all = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return all.find((c) => c.startsWith(`${name}=`));
}
