/**
 * Counts the writes to each table made through the portal's connection, so that something built
 * from a set of tables (a public page kept in memory) can tell it is out of date. Writes by another
 * process (a `gopy` command) are not seen; none of those commands touches what public pages show.
 */
export function createTableWrites() {
  const counts = new Map<string, number>();
  return {
    record(table: string): void {
      counts.set(table, (counts.get(table) ?? 0) + 1);
    },
    /** Changes whenever any of these tables is written to (a sum of counters that only grow). */
    generation(tables: readonly string[]): number {
      let sum = 0;
      for (const t of tables) sum += counts.get(t) ?? 0;
      return sum;
    },
  };
}

export type TableWrites = ReturnType<typeof createTableWrites>;

const WRITE_RE = /^\s*(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+"?([A-Za-z_]\w*)"?/iu;

/** The table a statement writes to, from its SQL text (Kysely's insert/update/delete), or null. */
export function writtenTable(sql: string): string | null {
  return WRITE_RE.exec(sql)?.[1] ?? null;
}
