import type { Clock } from '../clock';
import type { MessageKey } from '../i18n';
import type { AgencyMessage, ImportRow } from './csv-import';
import { splitEmails } from './emails';
import { nameKey, searchKey, tidyName } from './names';
import { pagerOf } from '../pagination';
import type { Uow } from '../repositories';
import type { AgencyFilter, AgencyQueries } from './repository';
import type { AgencyInput, GroupInput } from './schemas';

export type SaveResult = { ok: true; id: number } | { ok: false; field: 'name' | 'members'; message: MessageKey };

export interface AgencyView {
  id: number;
  name: string;
  shortName: string | null;
  emails: string[];
  groups: { id: number; name: string }[];
  archived: boolean;
}

export interface ImportReportRow {
  row: number;
  name: string;
  outcome: 'created' | 'updated' | 'refused';
  reasons: AgencyMessage[];
}

export interface ImportReport {
  rows: ImportReportRow[];
  created: number;
  updated: number;
  refused: number;
  groupsCreated: string[];
  ignoredColumns: string[];
}

export class AgencyInputError extends Error {}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'vi');

/** Is another record of the office already called this (case-, space- and Unicode-form-insensitively)? */
const nameTaken = (rows: { id: number; name: string }[], name: string, exceptId?: number) =>
  rows.some((row) => row.id !== exceptId && nameKey(row.name) === nameKey(name));

/** Up to this many active agencies, the recipient picker lists them all, as one list of checkboxes. */
export const PICKER_WHOLE_LIST = 200;

function byAgency<T extends { agency_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.agency_id);
    if (list) list.push(row);
    else map.set(row.agency_id, [row]);
  }
  return map;
}

type AgencyRow = { id: number; name: string; short_name: string | null; archived_at: string | null };

/** The office's directory of agencies and groups; every call is scoped to one office. */
export function createAgenciesService(deps: { uow: Uow; clock: Clock }) {
  const { uow, clock } = deps;

  /** The rows as the pages show them, with their addresses and groups: two queries for the whole page. */
  async function withDetails(rows: readonly AgencyRow[]): Promise<AgencyView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((a) => a.id);
    const [emails, groups] = await Promise.all([uow.read((r) => r.agencies.emailsOfAgencies(ids)), uow.read((r) => r.agencies.groupsOfAgencies(ids))]);
    const emailsOf = byAgency(emails);
    const groupsOf = byAgency(groups);
    return rows.map((a) => ({
      id: a.id,
      name: a.name,
      shortName: a.short_name,
      emails: (emailsOf.get(a.id) ?? []).map((e) => e.email),
      groups: (groupsOf.get(a.id) ?? []).map((g) => ({ id: g.id, name: g.name })),
      archived: a.archived_at !== null,
    }));
  }

  async function page(officeId: number, filter: AgencyFilter, requested: number) {
    const pager = pagerOf(requested, await uow.read((r) => r.agencies.countAgencies(officeId, filter)));
    return { pager, rows: pager.total === 0 ? [] : await uow.read((r) => r.agencies.pageAgencies(officeId, filter, pager)) };
  }

  async function checkMembers(tx: AgencyQueries, officeId: number, memberIds: number[]): Promise<boolean> {
    const unique = [...new Set(memberIds)];
    return unique.length === 0 || (await tx.agenciesAmong(officeId, unique)).length === unique.length;
  }

  return {
    /** One page of active and one of archived agencies (filtered by `q` when given), and the groups. */
    async directory(officeId: number, query: { q?: string; page?: number; archivedPage?: number } = {}) {
      const needle = query.q?.trim() ? searchKey(query.q) : null;
      const [active, archived, groups] = await Promise.all([
        page(officeId, { archived: false, needle }, query.page ?? 1),
        page(officeId, { archived: true, needle }, query.archivedPage ?? 1),
        uow.read((r) => r.agencies.groupsWithCounts(officeId)),
      ]);
      const total = needle ? (await uow.read((r) => r.agencies.countAgencies(officeId, { archived: false, needle: null }))) + (await uow.read((r) => r.agencies.countAgencies(officeId, { archived: true, needle: null }))) : active.pager.total + archived.pager.total;
      const [agencies, archivedAgencies] = await Promise.all([withDetails(active.rows), withDetails(archived.rows)]);
      return {
        agencies,
        pager: active.pager,
        archived: archivedAgencies,
        archivedPager: archived.pager,
        groups: groups.map((g) => ({ id: g.id, name: g.name, description: g.description, memberCount: Number(g.members) })),
        total,
      };
    },

    async getAgency(officeId: number, id: number): Promise<AgencyView | null> {
      const row = await uow.read((r) => r.agencies.findAgency(officeId, id));
      return row ? ((await withDetails([row]))[0] ?? null) : null;
    },

    async createAgency(officeId: number, input: AgencyInput): Promise<SaveResult> {
      return uow.write(async ({ agencies: tx }) => {
        if (nameTaken(await tx.namesakes(officeId, input.name), input.name)) return { ok: false, field: 'name', message: 'agencies.name_taken' };
        return { ok: true, id: await tx.insertAgency(officeId, input.name, input.emails, input.short_name) };
      });
    },

    /** null when the agency is not the office's own. */
    async updateAgency(officeId: number, id: number, input: AgencyInput): Promise<SaveResult | null> {
      return uow.write(async ({ agencies: tx }) => {
        if (!(await tx.findAgency(officeId, id))) return null;
        if (nameTaken(await tx.namesakes(officeId, input.name), input.name, id)) return { ok: false, field: 'name', message: 'agencies.name_taken' };
        await tx.updateAgency(id, { name: input.name, shortName: input.short_name });
        await tx.replaceEmails(id, input.emails);
        return { ok: true, id };
      });
    },

    /** Archived agencies leave the pickers but stay in past consultations. false when not the office's own. */
    async setArchived(officeId: number, id: number, archived: boolean): Promise<boolean> {
      const agency = await uow.read((r) => r.agencies.findAgency(officeId, id));
      if (!agency) return false;
      if ((agency.archived_at !== null) !== archived) await uow.write((r) => r.agencies.setArchivedAt(id, archived ? clock.now().toISOString() : null));
      return true;
    },

    async getGroup(officeId: number, id: number) {
      const group = await uow.read((r) => r.agencies.findGroup(officeId, id));
      if (!group) return null;
      const members = await uow.read((r) => r.agencies.membersOf(id));
      return { id: group.id, name: group.name, description: group.description, memberIds: members.map((m) => m.agency_id) };
    },

    /** The checkboxes of a group form: active agencies, and archived ones only when already chosen. */
    async memberChoices(officeId: number, chosen: number[]) {
      const agencies = await uow.read((r) => r.agencies.listAgencies(officeId));
      return agencies
        .filter((a) => a.archived_at === null || chosen.includes(a.id))
        .map((a) => ({ id: a.id, name: a.name, archived: a.archived_at !== null }))
        .sort(byName);
    },

    async createGroup(officeId: number, input: GroupInput): Promise<SaveResult> {
      return uow.write(async ({ agencies: tx }) => {
        if (nameTaken(await tx.listGroups(officeId), input.name)) return { ok: false, field: 'name', message: 'agencies.group_name_taken' };
        if (!(await checkMembers(tx, officeId, input.members))) return { ok: false, field: 'members', message: 'agencies.members_unknown' };
        return { ok: true, id: await tx.insertGroup(officeId, input.name, input.description, [...new Set(input.members)]) };
      });
    },

    async updateGroup(officeId: number, id: number, input: GroupInput): Promise<SaveResult | null> {
      return uow.write(async ({ agencies: tx }) => {
        if (!(await tx.findGroup(officeId, id))) return null;
        if (nameTaken(await tx.listGroups(officeId), input.name, id)) return { ok: false, field: 'name', message: 'agencies.group_name_taken' };
        if (!(await checkMembers(tx, officeId, input.members))) return { ok: false, field: 'members', message: 'agencies.members_unknown' };
        await tx.updateGroup(id, { name: input.name, description: input.description });
        await tx.replaceMembers(id, [...new Set(input.members)]);
        return { ok: true, id };
      });
    },

    /** Deletes the group, never its agencies. false when not the office's own. */
    async deleteGroup(officeId: number, id: number): Promise<boolean> {
      if (!(await uow.read((r) => r.agencies.findGroup(officeId, id)))) return false;
      await uow.write((r) => r.agencies.deleteGroup(id));
      return true;
    },

    /**
     * What the consultation form offers as recipients: the groups (counting their active members)
     * and active agencies. A small directory is one list; a large one shows the agencies already
     * chosen, then one page of the others, searched by `q`, so the form stays as large as it shows.
     */
    async picker(officeId: number, query: { chosen?: readonly number[]; q?: string; page?: number } = {}) {
      const groups = (await uow.read((r) => r.agencies.groupsWithCounts(officeId))).map((g) => ({ id: g.id, name: g.name, memberCount: Number(g.active_members) }));
      const needle = query.q?.trim() ? searchKey(query.q) : null;
      const activeTotal = await uow.read((r) => r.agencies.countAgencies(officeId, { archived: false, needle: null }));
      const brief = (views: AgencyView[]) => views.map((a) => ({ id: a.id, name: a.name, emails: a.emails }));
      if (activeTotal <= PICKER_WHOLE_LIST && !needle) {
        const all = await uow.read((r) => r.agencies.pageAgencies(officeId, { archived: false, needle: null }, { limit: PICKER_WHOLE_LIST, offset: 0 }));
        return { whole: true as const, groups, agencies: brief(await withDetails(all)), chosen: [], pager: pagerOf(1, all.length), q: '' };
      }
      const chosenIds = [...new Set(query.chosen ?? [])];
      const chosenRows = chosenIds.length ? (await uow.read((r) => r.agencies.agenciesAmong(officeId, chosenIds))).filter((a) => a.archived_at === null) : [];
      const rest = await page(officeId, { archived: false, needle, exceptIds: chosenRows.map((a) => a.id) }, query.page ?? 1);
      const [chosen, agencies] = await Promise.all([withDetails(chosenRows), withDetails(rest.rows)]);
      return { whole: false as const, groups, agencies: brief(agencies), chosen: brief(chosen), pager: rest.pager, q: query.q?.trim() ?? '' };
    },

    /**
     * The active agencies and the groups of the directory that lines of a letter's "Kính gửi" name
     * (case and spacing aside; a group before an agency of the same name), and the lines naming none.
     */
    async matchNames(officeId: number, lines: readonly string[]) {
      const groups = await uow.read((r) => r.agencies.groupsWithCounts(officeId));
      const agencyIds: number[] = [];
      const groupIds: number[] = [];
      const unmatched: string[] = [];
      for (const line of lines) {
        const group = groups.find((g) => nameKey(g.name) === nameKey(line));
        const agency = group ? undefined : (await uow.read((r) => r.agencies.namesakes(officeId, line))).find((a) => a.archived_at === null && nameKey(a.name) === nameKey(line));
        if (group) groupIds.push(group.id);
        else if (agency) agencyIds.push(agency.id);
        else unmatched.push(line);
      }
      return { agencyIds: [...new Set(agencyIds)], groupIds: [...new Set(groupIds)], unmatched };
    },

    /** For the officer API: the agency with this name (adding the address if new), or a new one. */
    async findOrCreateByEmail(officeId: number, input: { name: string; email: string }) {
      const name = tidyName(input.name);
      const { emails } = splitEmails(input.email);
      if (!name || emails.length !== 1) throw new AgencyInputError('an agency needs a name and one valid e-mail address');
      const email = emails[0]!;
      return uow.write(async ({ agencies: tx }) => {
        const found = (await tx.namesakes(officeId, name)).find((a) => nameKey(a.name) === nameKey(name));
        if (found) return { id: found.id, name: found.name, created: false, emailAdded: (await tx.addEmails(found.id, [email])) > 0 };
        return { id: await tx.insertAgency(officeId, name, [email]), name, created: true, emailAdded: true };
      });
    },

    /** Applies the rows read from a CSV file in one transaction: good rows are stored, refused rows say why. */
    async importRows(officeId: number, rows: ImportRow[], ignoredColumns: string[]): Promise<ImportReport> {
      return uow.write(async ({ agencies: tx }) => {
        const agencies = new Map((await tx.listAgencies(officeId)).map((a) => [nameKey(a.name), a.id]));
        const groups = new Map((await tx.listGroups(officeId)).map((g) => [nameKey(g.name), g.id]));
        const report: ImportReport = { rows: [], created: 0, updated: 0, refused: 0, groupsCreated: [], ignoredColumns };
        for (const row of rows) {
          if (row.problems.length > 0) {
            report.rows.push({ row: row.row, name: row.name, outcome: 'refused', reasons: row.problems });
            report.refused++;
            continue;
          }
          let agencyId = agencies.get(nameKey(row.name));
          if (agencyId === undefined) {
            agencyId = await tx.insertAgency(officeId, row.name, row.emails, row.shortName);
            agencies.set(nameKey(row.name), agencyId);
            report.rows.push({ row: row.row, name: row.name, outcome: 'created', reasons: [] });
            report.created++;
          } else {
            const current = await tx.findAgency(officeId, agencyId);
            if (row.shortName && current) await tx.updateAgency(agencyId, { name: current.name, shortName: row.shortName });
            await tx.addEmails(agencyId, row.emails);
            report.rows.push({ row: row.row, name: row.name, outcome: 'updated', reasons: [] });
            report.updated++;
          }
          if (row.group) {
            let groupId = groups.get(nameKey(row.group));
            if (groupId === undefined) {
              groupId = await tx.insertGroup(officeId, row.group, null, []);
              groups.set(nameKey(row.group), groupId);
              report.groupsCreated.push(row.group);
            }
            await tx.addMember(groupId, agencyId);
          }
        }
        return report;
      });
    },
  };
}

export type AgenciesService = ReturnType<typeof createAgenciesService>;
