import { type Kysely, sql } from 'kysely';

interface Before {
  consultations: { id: number; office_id: number; deadline_at: string; deadline_rule: string; original_deadline_at: string | null; original_deadline_rule: string | null };
  submissions: { id: number; invitation_id: number; receipt_number: string | null; entered_by_user_id: number | null; entered_by_office: number };
  invitations: { id: number; consultation_id: number };
  attachments: { id: number; consultation_id: number | null; kind: string; is_public: number };
  draft_versions: { source_attachment_id: number | null };
  receipt_counters: { office_id: number; year: number; last_number: number };
}

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

/**
 * What keeps the official record right:
 * - the letter's printed deadline keeps its own wording (`original_deadline_rule`), and ending a
 *   consultation early is recorded as `closed_at` instead of rewriting the deadline;
 * - receipt numbers run per office and year without gaps (`receipt_counters`); a database made by an
 *   earlier release continues after the highest number it already gave, so no number is reused;
 * - a reply entered by the office stays marked so even if the officer's account is removed;
 * - the log names the agency an officer acted for;
 * - only the published draft's source file is public: files of replaced drafts are kept for the office.
 */
export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as unknown as Kysely<Before>;
  const rule = sql`original_deadline_rule in ('before_date', 'by_end_of_date', 'at_time')`;
  await db.schema.alterTable('consultations').addColumn('original_deadline_rule', 'text', (c) => c.check(rule)).execute();
  await db.schema.alterTable('consultations').addColumn('closed_at', 'text').execute();
  await db.schema.alterTable('submissions').addColumn('entered_by_office', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('audit_log').addColumn('agency_id', 'integer').execute();
  await db.schema
    .createTable('receipt_counters')
    .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('receipt_counters_pk', ['office_id', 'year'])
    .execute();

  await db.updateTable('submissions').set({ entered_by_office: 1 }).where('entered_by_user_id', 'is not', null).execute();

  // The letter's deadline was kept as an instant only; its wording was the consultation's rule until
  // a change rewrote that. An instant at 00:00 Vietnam time reads "trước ngày", any other "trước HH:mm".
  const withOriginal = await db.selectFrom('consultations').select(['id', 'deadline_rule', 'original_deadline_at']).where('original_deadline_at', 'is not', null).execute();
  for (const c of withOriginal) {
    const atMidnight = (new Date(c.original_deadline_at!).getTime() + VN_OFFSET_MS) % 86_400_000 === 0;
    const wording = c.deadline_rule !== 'at_time' ? c.deadline_rule : atMidnight ? 'before_date' : 'at_time';
    await db.updateTable('consultations').set({ original_deadline_rule: wording }).where('id', '=', c.id).execute();
  }

  const numbered = await db
    .selectFrom('submissions as s')
    .innerJoin('invitations as i', 'i.id', 's.invitation_id')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .select(['c.office_id', 's.receipt_number'])
    .where('s.receipt_number', 'is not', null)
    .execute();
  const highest = new Map<string, { office: number; year: number; last: number }>();
  for (const row of numbered) {
    const m = /^BN-(\d{4})\d{4}-(\d+)$/u.exec(row.receipt_number!);
    if (!m) continue;
    const key = `${row.office_id}:${m[1]}`;
    const last = Math.max(Number(m[2]), highest.get(key)?.last ?? 0);
    highest.set(key, { office: row.office_id, year: Number(m[1]), last });
  }
  for (const { office, year, last } of highest.values()) {
    await db.insertInto('receipt_counters').values({ office_id: office, year, last_number: last }).execute();
  }

  await db
    .updateTable('attachments')
    .set({ is_public: 0 })
    .where('kind', '=', 'draft_source')
    .where('id', 'not in', (eb) => eb.selectFrom('draft_versions').select('source_attachment_id').where('source_attachment_id', 'is not', null))
    .execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as unknown as Kysely<Before>;
  await db.schema.dropTable('receipt_counters').execute();
  await db.schema.alterTable('audit_log').dropColumn('agency_id').execute();
  await db.schema.alterTable('submissions').dropColumn('entered_by_office').execute();
  await db.schema.alterTable('consultations').dropColumn('closed_at').execute();
  await db.schema.alterTable('consultations').dropColumn('original_deadline_rule').execute();
}
