import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../db/database';
import { isPostgres } from '../db/schema';
import type { Database } from '../db/tables';
import { searchKey } from './names';

/** Which agencies a directory page lists: by state, and by a search already turned into a searchKey. */
export interface AgencyFilter {
  archived: boolean;
  needle: string | null;
  /** Left out of the list (the recipients already chosen, which the picker shows apart). */
  exceptIds?: readonly number[];
}

const likePattern = (needle: string) => `%${needle.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
/** A list of ids as one parameter (a JSON array), so the statement's text (and its cached preparation) stays the same. */
const idsJson = (db: Db, ids: readonly number[]) =>
  isPostgres(db)
    ? sql<number>`(select value::integer from json_array_elements_text(${JSON.stringify(ids)}::json))`
    : sql<number>`(select value from json_each(${JSON.stringify(ids)}))`;

function filtered(db: Db, eb: ExpressionBuilder<Database, 'agencies'>, officeId: number, filter: AgencyFilter) {
  const conditions = [eb('agencies.office_id', '=', officeId), filter.archived ? eb('agencies.archived_at', 'is not', null) : eb('agencies.archived_at', 'is', null)];
  if (filter.needle) {
    const pattern = likePattern(filter.needle);
    conditions.push(eb.or([sql<boolean>`agencies.name_search like ${pattern} escape '\\'`, sql<boolean>`agencies.short_search like ${pattern} escape '\\'`]));
  }
  if (filter.exceptIds?.length) conditions.push(eb('agencies.id', 'not in', idsJson(db, filter.exceptIds)));
  return eb.and(conditions);
}

const searchColumns = (name: string, shortName: string | null) => ({ name_search: searchKey(name), short_search: shortName === null ? null : searchKey(shortName) });

function queries(db: Db) {
  return {
    async insertOffice(values: { name: string; parentName: string | null; shortName: string | null; place: string | null; website: string | null }) {
      const row = await db
        .insertInto('offices')
        .values({ name: values.name, parent_name: values.parentName, short_name: values.shortName, place: values.place, website: values.website })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async countOffices(): Promise<number> {
      const row = await db.selectFrom('offices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insertAgency(officeId: number, name: string, emails: string[], shortName: string | null = null): Promise<number> {
      const { id } = await db
        .insertInto('agencies')
        .values({ office_id: officeId, name, short_name: shortName, ...searchColumns(name, shortName) }).returning('id').executeTakeFirstOrThrow();
      if (emails.length > 0) {
        await db.insertInto('agency_emails').values(emails.map((email, position) => ({ agency_id: id, email, position }))).execute();
      }
      return id;
    },

    async insertGroup(officeId: number, name: string, description: string | null, agencyIds: number[]): Promise<number> {
      const { id } = await db.insertInto('agency_groups').values({ office_id: officeId, name, description }).returning('id').executeTakeFirstOrThrow();
      if (agencyIds.length > 0) {
        await db.insertInto('agency_group_members').values(agencyIds.map((agency_id, position) => ({ group_id: id, agency_id, position }))).execute();
      }
      return id;
    },

    listAgencies: (officeId: number) =>
      db.selectFrom('agencies').select(['id', 'name', 'short_name', 'archived_at']).where('office_id', '=', officeId).orderBy('name').orderBy('id').execute(),

    /** One page of the office's agencies in name order (diacritics aside, as the search key sorts). */
    pageAgencies: (officeId: number, filter: AgencyFilter, page: { limit: number; offset: number }) =>
      db
        .selectFrom('agencies')
        .select(['id', 'name', 'short_name', 'archived_at'])
        .where((eb) => filtered(db, eb, officeId, filter))
        .orderBy('name_search')
        .orderBy('name')
        .orderBy('id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),

    async countAgencies(officeId: number, filter: AgencyFilter): Promise<number> {
      const row = await db
        .selectFrom('agencies')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => filtered(db, eb, officeId, filter))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The office's own agencies among these ids, in name order. */
    agenciesAmong: (officeId: number, ids: readonly number[]) =>
      db
        .selectFrom('agencies')
        .select(['id', 'name', 'short_name', 'archived_at'])
        .where('office_id', '=', officeId)
        .where('id', 'in', idsJson(db, ids))
        .orderBy('name_search')
        .orderBy('name')
        .orderBy('id')
        .execute(),

    /** Agencies whose name may be `name` (same search key); the caller compares them exactly. */
    namesakes: (officeId: number, name: string) =>
      db.selectFrom('agencies').select(['id', 'name', 'archived_at']).where('office_id', '=', officeId).where('name_search', '=', searchKey(name)).execute(),

    emailsOfAgencies: (ids: readonly number[]) =>
      db.selectFrom('agency_emails').select(['agency_id', 'email']).where('agency_id', 'in', idsJson(db, ids)).orderBy('agency_id').orderBy('position').orderBy('id').execute(),

    groupsOfAgencies: (ids: readonly number[]) =>
      db
        .selectFrom('agency_group_members as m')
        .innerJoin('agency_groups as g', 'g.id', 'm.group_id')
        .select(['m.agency_id', 'g.id', 'g.name'])
        .where('m.agency_id', 'in', idsJson(db, ids))
        .orderBy('g.name')
        .orderBy('g.id')
        .execute(),

    /** The office's groups with how many members each has, and how many of them are not archived. */
    groupsWithCounts: (officeId: number) =>
      db
        .selectFrom('agency_groups as g')
        .leftJoin('agency_group_members as m', 'm.group_id', 'g.id')
        .leftJoin('agencies as a', 'a.id', 'm.agency_id')
        .select((eb) => [
          'g.id',
          'g.name',
          'g.description',
          eb.fn.count<number>('m.agency_id').as('members'),
          sql<number>`coalesce(sum(case when a.id is not null and a.archived_at is null then 1 else 0 end), 0)`.as('active_members'),
        ])
        .where('g.office_id', '=', officeId)
        .groupBy('g.id')
        .orderBy('g.name')
        .orderBy('g.id')
        .execute(),

    findAgency: (officeId: number, id: number) =>
      db.selectFrom('agencies').select(['id', 'name', 'short_name', 'archived_at']).where('office_id', '=', officeId).where('id', '=', id).executeTakeFirst(),

    updateAgency: (id: number, values: { name: string; shortName: string | null }) =>
      db
        .updateTable('agencies')
        .set({ name: values.name, short_name: values.shortName, ...searchColumns(values.name, values.shortName) })
        .where('id', '=', id)
        .execute(),

    setArchivedAt: (id: number, at: string | null) => db.updateTable('agencies').set({ archived_at: at }).where('id', '=', id).execute(),

    async replaceEmails(agencyId: number, emails: string[]) {
      await db.deleteFrom('agency_emails').where('agency_id', '=', agencyId).execute();
      if (emails.length > 0) await db.insertInto('agency_emails').values(emails.map((email, position) => ({ agency_id: agencyId, email, position }))).execute();
    },

    /** Appends the addresses the agency does not have yet; returns how many were new. */
    async addEmails(agencyId: number, emails: string[]): Promise<number> {
      const rows = await db.selectFrom('agency_emails').select(['email', 'position']).where('agency_id', '=', agencyId).execute();
      const known = new Set(rows.map((r) => r.email));
      const fresh = emails.filter((email) => !known.has(email));
      const start = rows.reduce((max, r) => Math.max(max, r.position + 1), 0);
      if (fresh.length > 0) await db.insertInto('agency_emails').values(fresh.map((email, i) => ({ agency_id: agencyId, email, position: start + i }))).execute();
      return fresh.length;
    },

    listGroups: (officeId: number) =>
      db
        .selectFrom('agency_groups as g')
        .select(['g.id', 'g.name', 'g.description'])
        .where('g.office_id', '=', officeId)
        .orderBy('g.name')
        .orderBy('g.id')
        .execute(),

    findGroup: (officeId: number, id: number) =>
      db.selectFrom('agency_groups').select(['id', 'name', 'description']).where('office_id', '=', officeId).where('id', '=', id).executeTakeFirst(),

    /** A group's members in its order. */
    membersOf: (groupId: number) =>
      db.selectFrom('agency_group_members').select('agency_id').where('group_id', '=', groupId).orderBy('position').orderBy('agency_id').execute(),

    updateGroup: (id: number, values: { name: string; description: string | null }) =>
      db.updateTable('agency_groups').set({ name: values.name, description: values.description }).where('id', '=', id).execute(),

    async replaceMembers(groupId: number, agencyIds: number[]) {
      await db.deleteFrom('agency_group_members').where('group_id', '=', groupId).execute();
      if (agencyIds.length > 0) await db.insertInto('agency_group_members').values(agencyIds.map((agency_id, position) => ({ group_id: groupId, agency_id, position }))).execute();
    },

    /** Adds one member at the end of the group, unless it is already there. */
    async addMember(groupId: number, agencyId: number) {
      const last = await db
        .selectFrom('agency_group_members')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('group_id', '=', groupId)
        .executeTakeFirst();
      await db
        .insertInto('agency_group_members')
        .values({ group_id: groupId, agency_id: agencyId, position: (last?.p ?? -1) + 1 })
        .onConflict((oc) => oc.columns(['group_id', 'agency_id']).doNothing())
        .execute();
    },

    deleteGroup: (id: number) => db.deleteFrom('agency_groups').where('id', '=', id).execute(),

    /** The names of the groups an agency belongs to (a clause naming one concerns the agency). */
    async groupNamesOf(agencyId: number): Promise<string[]> {
      const rows = await db.selectFrom('agency_group_members as m').innerJoin('agency_groups as g', 'g.id', 'm.group_id').select('g.name').where('m.agency_id', '=', agencyId).execute();
      return rows.map((g) => g.name);
    },
  };
}

export type AgencyQueries = ReturnType<typeof queries>;

export function createAgenciesRepository(db: Db) {
  return {
    ...queries(db),
  };
}

export type AgenciesRepository = ReturnType<typeof createAgenciesRepository>;
