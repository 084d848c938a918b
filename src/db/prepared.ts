import { type Compilable, CompiledQuery, type QueryResult } from 'kysely';
import type { Db } from './database';
import { tableWrittenBy, writtenTablesOf } from './written-tables';

const SLOT = Symbol('prepared query argument');
type Slot = { readonly [SLOT]: number };
const isSlot = (value: unknown): value is Slot => typeof value === 'object' && value !== null && SLOT in value;

/**
 * A Kysely query to be built and compiled once per database, then run with new arguments: building
 * a query costs several times more than running it on SQLite, which matters on the paths every
 * agency and every reader takes. `build` must use its arguments only as values (in where, set,
 * values, limit), never in JavaScript logic or as lists, because it is called once with placeholders.
 * The definition holds no state: its compiled plan is kept by the database's QueryPlans.
 */
export interface PreparedQuery<Args extends unknown[], Row> {
  readonly build: (db: Db, ...args: Args) => Compilable<Row>;
}

export function prepared<Args extends unknown[], Row>(build: (db: Db, ...args: Args) => Compilable<Row>): PreparedQuery<Args, Row> {
  return { build };
}

interface Plan {
  sql: string;
  parameters: (Slot | { value: unknown })[];
  /** The table the query writes, for the unit of work to know what a transaction changed. */
  writes: string | null;
}

/** The compiled plans of one database (one SQL dialect), built in createDeps with it. */
export function createQueryPlans() {
  const plans = new Map<PreparedQuery<never, unknown>, Plan>();

  function planOf<Args extends unknown[], Row>(query: PreparedQuery<Args, Row>, db: Db, arity: number): Plan {
    const key = query as unknown as PreparedQuery<never, unknown>;
    const known = plans.get(key);
    if (known) return known;
    const placeholders = Array.from({ length: arity }, (_, i) => ({ [SLOT]: i })) as unknown as Args;
    const compiled = query.build(db, ...placeholders).compile();
    const plan: Plan = { sql: compiled.sql, parameters: compiled.parameters.map((p) => (isSlot(p) ? p : { value: p })), writes: tableWrittenBy(compiled.query) };
    const used = new Set(plan.parameters.filter(isSlot).map((p) => p[SLOT]));
    if (used.size !== arity) throw new Error(`prepared query uses ${used.size} of its ${arity} arguments: ${compiled.sql}`);
    plans.set(key, plan);
    return plan;
  }

  async function execute<Args extends unknown[], Row>(db: Db, query: PreparedQuery<Args, Row>, args: Args): Promise<QueryResult<Row>> {
    const plan = planOf(query, db, args.length);
    const parameters = plan.parameters.map((p) => (isSlot(p) ? args[p[SLOT]] : p.value));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(plan.sql, parameters));
    // A compiled query bypasses Kysely's plugins: tell the transaction's recorder what it wrote.
    if (plan.writes !== null) writtenTablesOf(db)?.add(plan.writes);
    return result;
  }

  return {
    /** The plans run on one handle: the database, or a transaction of it. */
    on(db: Db) {
      return {
        all: async <Args extends unknown[], Row>(query: PreparedQuery<Args, Row>, ...args: Args): Promise<Row[]> => (await execute(db, query, args)).rows,
        first: async <Args extends unknown[], Row>(query: PreparedQuery<Args, Row>, ...args: Args): Promise<Row | undefined> => (await execute(db, query, args)).rows[0],
        run: <Args extends unknown[], Row>(query: PreparedQuery<Args, Row>, ...args: Args): Promise<QueryResult<Row>> => execute(db, query, args),
      };
    },
  };
}

export type QueryPlans = ReturnType<typeof createQueryPlans>;
export type PreparedRunner = ReturnType<QueryPlans['on']>;
