import { type Kysely, sql } from 'kysely';
import { generatedId } from '../src/db/schema';

/**
 * Rounds of one draft document ("Dự thảo lần 1", "lần 2", …): a follow-up consultation names the
 * round it follows and the document's first round (null on a first round, which is its own
 * document); `round` is its place. The clause pairs between the round it follows and its own draft
 * (the comparison, "bản so sánh"), in its own order, removed clauses where they stood. And where the
 * office applied a comment of an earlier round in the next version's text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('consultations').addColumn('previous_round_id', 'integer', (c) => c.references('consultations.id').onDelete('restrict')).execute();
  await db.schema.alterTable('consultations').addColumn('first_round_id', 'integer', (c) => c.references('consultations.id').onDelete('restrict')).execute();
  await db.schema.alterTable('consultations').addColumn('round', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.createIndex('consultations_previous_round').on('consultations').column('previous_round_id').unique().execute();
  await db.schema.createIndex('consultations_first_round').on('consultations').column('first_round_id').execute();

  await db.schema
    .createTable('clause_pairs')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('unchanged', 'modified', 'moved', 'added', 'removed')`))
    .addColumn('renumbered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('before_clause_id', 'integer', (c) => c.references('clauses.id').onDelete('cascade'))
    .addColumn('after_clause_id', 'integer', (c) => c.references('clauses.id').onDelete('cascade'))
    .addColumn('corrected', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('clause_pairs_consultation').on('clause_pairs').columns(['consultation_id', 'position']).unique().execute();
  await db.schema.createIndex('clause_pairs_before').on('clause_pairs').column('before_clause_id').execute();
  await db.schema.createIndex('clause_pairs_after').on('clause_pairs').column('after_clause_id').execute();

  await db.schema.alterTable('responses').addColumn('applied_clause_id', 'integer', (c) => c.references('clauses.id').onDelete('set null')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('responses').dropColumn('applied_clause_id').execute();
  await db.schema.dropTable('clause_pairs').execute();
  await db.schema.dropIndex('consultations_first_round').execute();
  await db.schema.dropIndex('consultations_previous_round').execute();
  await db.schema.alterTable('consultations').dropColumn('round').execute();
  await db.schema.alterTable('consultations').dropColumn('first_round_id').execute();
  await db.schema.alterTable('consultations').dropColumn('previous_round_id').execute();
}
