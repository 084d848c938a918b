import {
  AliasNode,
  DeleteQueryNode,
  InsertQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
  UpdateQueryNode,
} from 'kysely';
import type { Db } from './database';

function tableName(node: OperationNode | undefined): string | null {
  if (!node) return null;
  if (AliasNode.is(node)) return tableName(node.node);
  return TableNode.is(node) ? node.table.identifier.name : null;
}

/** The table an insert, update or delete writes, read from Kysely's query tree; null for anything else. */
export function tableWrittenBy(node: RootOperationNode): string | null {
  if (InsertQueryNode.is(node)) return tableName(node.into);
  if (UpdateQueryNode.is(node)) return tableName(node.table);
  if (DeleteQueryNode.is(node)) return tableName(node.from.froms[0]);
  return null;
}

/**
 * Installed on one write transaction by the unit of work: notes every table its queries write, so
 * that what is built from those tables (the public pages) can be told to change before it commits.
 */
export class WrittenTablesRecorder implements KyselyPlugin {
  readonly tables = new Set<string>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const table = tableWrittenBy(args.node);
    if (table !== null) this.tables.add(table);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The recorder of the transaction a handle belongs to, if it has one. */
export function writtenTablesOf(db: Db): Set<string> | undefined {
  return db.getExecutor().plugins.find((p): p is WrittenTablesRecorder => p instanceof WrittenTablesRecorder)?.tables;
}
