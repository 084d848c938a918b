import { type Compilable, CompiledQuery, type QueryResult } from 'kysely';
import type { Db } from './database';

const SLOT = Symbol('prepared query argument');
type Slot = { readonly [SLOT]: number };
const isSlot = (value: unknown): value is Slot => typeof value === 'object' && value !== null && SLOT in value;

/**
 * A Kysely query built and compiled once, then run with new arguments: building a query costs
 * several times more than running it on SQLite, which matters on the paths every agency and
 * every reader takes. `build` must use its arguments only as values (in where, set, values,
 * limit), never in JavaScript logic or as lists, because it is called once with placeholders.
 */
export function prepared<Args extends unknown[], Row>(build: (db: Db, ...args: Args) => Compilable<Row>) {
  // One plan per SQL dialect (SQLite writes `?`, PostgreSQL `$1`), found by the database's adapter class.
  const plans = new Map<unknown, { sql: string; parameters: (Slot | { value: unknown })[] }>();

  async function execute(db: Db, args: Args): Promise<QueryResult<Row>> {
    const dialect = db.getExecutor().adapter.constructor;
    let plan = plans.get(dialect);
    if (!plan) {
      const placeholders = args.map((_, i) => ({ [SLOT]: i })) as unknown as Args;
      const compiled = build(db, ...placeholders).compile();
      plan = { sql: compiled.sql, parameters: compiled.parameters.map((p) => (isSlot(p) ? p : { value: p })) };
      const used = new Set(plan.parameters.filter(isSlot).map((p) => p[SLOT]));
      if (used.size !== args.length) throw new Error(`prepared query uses ${used.size} of its ${args.length} arguments: ${compiled.sql}`);
      plans.set(dialect, plan);
    }
    const parameters = plan.parameters.map((p) => (isSlot(p) ? args[p[SLOT]] : p.value));
    return db.executeQuery<Row>(CompiledQuery.raw(plan.sql, parameters));
  }

  return {
    all: async (db: Db, ...args: Args): Promise<Row[]> => (await execute(db, args)).rows,
    first: async (db: Db, ...args: Args): Promise<Row | undefined> => (await execute(db, args)).rows[0],
    run: (db: Db, ...args: Args): Promise<QueryResult<Row>> => execute(db, args),
  };
}
