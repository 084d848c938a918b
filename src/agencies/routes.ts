import { type Request, type Response, Router } from 'express';
import { currentUser, requireUser } from '../auth/middleware';
import type { MessageKey } from '../i18n';
import { idsOf, keptValues } from '../web/form-values';
import { type FieldErrors, parseForm } from '../web/validate';
import { type AgencyMessage, csvTemplate, readAgencyCsv } from './csv-import';
import { agencyForm, directoryQuery, groupForm, idParam } from './schemas';
import type { AgenciesService, SaveResult } from './service';
import { csvUpload } from './upload';

const BASE = '/office/agencies';
type FormValues = Record<string, unknown>;

const tOf = (res: Response) => res.locals.t;
const officeOf = (res: Response) => currentUser(res).officeId;
const idOf = (req: Request): number | null => {
  const parsed = idParam.safeParse(req.params);
  return parsed.success ? parsed.data.id : null;
};
const refusal = (res: Response, result: Extract<SaveResult, { ok: false }>): FieldErrors => ({ [result.field]: [tOf(res)(result.message)] });

/** The office's directory of agencies and groups under /office/agencies; every id is checked against the office. */
export function agencyPages(service: AgenciesService): Router {
  const router = Router();
  router.use(BASE, requireUser);

  const renderAgencyForm = (res: Response, status: number, agencyId: number | null, values: FormValues, errors: FieldErrors = {}) =>
    res.status(status).render('agencies/agency-form', { title: tOf(res)(agencyId ? 'agencies.edit' : 'agencies.new'), agencyId, values, errors });

  const renderGroupForm = async (res: Response, status: number, groupId: number | null, values: FormValues & { members: number[] }, errors: FieldErrors = {}) => {
    const choices = await service.memberChoices(officeOf(res), values.members);
    res.status(status).render('agencies/group-form', { title: tOf(res)(groupId ? 'groups.edit' : 'groups.new'), groupId, values, choices, errors });
  };

  const renderImport = (res: Response, status: number, errors: FieldErrors = {}, report: unknown = null) =>
    res.status(status).render('agencies/import', { title: tOf(res)(report ? 'agencies.import.result' : 'agencies.import.title'), errors, report });

  router.get(BASE, async (req, res) => {
    const query = directoryQuery.parse(req.query);
    const q = query.q?.trim() ?? '';
    const directory = await service.directory(officeOf(res), { q, page: query.page, archivedPage: query.archived_page });
    res.render('agencies/index', { title: tOf(res)('agencies.title'), q, ...directory });
  });

  router.get(`${BASE}/import`, (_req, res) => renderImport(res, 200));

  router.get(`${BASE}/import/template.csv`, (_req, res) => {
    res.type('text/csv; charset=utf-8').attachment('danh-ba-co-quan-mau.csv').send(csvTemplate());
  });

  router.post(`${BASE}/import`, csvUpload('file'), async (req, res) => {
    const t = tOf(res);
    const fail = (message: AgencyMessage | MessageKey) =>
      renderImport(res, 400, { file: [typeof message === 'string' ? t(message) : t(message.key, message.vars)] });
    if (res.locals.csvUploadError) return fail(res.locals.csvUploadError);
    if (!req.file) return fail('agencies.import.no_file');
    if (!/\.(csv|txt)$/iu.test(req.file.originalname)) return fail('agencies.import.not_csv');
    const read = readAgencyCsv(req.file.buffer);
    if (!read.ok) return fail(read.error);
    const report = await service.importRows(officeOf(res), read.rows, read.ignoredColumns);
    renderImport(res, 200, {}, report);
  });

  router.get(`${BASE}/groups/new`, (_req, res) => renderGroupForm(res, 200, null, { members: [] }));

  router.post(`${BASE}/groups`, async (req, res) => {
    const parsed = parseForm(groupForm, req.body, tOf(res));
    if (!parsed.ok) return renderGroupForm(res, 400, null, { ...keptValues(req.body), members: idsOf(req.body?.members) }, parsed.errors);
    const result = await service.createGroup(officeOf(res), parsed.data);
    if (!result.ok) return renderGroupForm(res, result.field === 'name' ? 409 : 400, null, { ...keptValues(req.body), members: parsed.data.members }, refusal(res, result));
    res.redirect(303, `${BASE}#groups`);
  });

  router.get(`${BASE}/groups/:id/edit`, async (req, res, next) => {
    const id = idOf(req);
    const group = id ? await service.getGroup(officeOf(res), id) : null;
    if (!group) return next();
    await renderGroupForm(res, 200, group.id, { name: group.name, description: group.description ?? '', members: group.memberIds });
  });

  router.post(`${BASE}/groups/:id`, async (req, res, next) => {
    const id = idOf(req);
    if (!id || !(await service.getGroup(officeOf(res), id))) return next();
    const parsed = parseForm(groupForm, req.body, tOf(res));
    if (!parsed.ok) return renderGroupForm(res, 400, id, { ...keptValues(req.body), members: idsOf(req.body?.members) }, parsed.errors);
    const result = await service.updateGroup(officeOf(res), id, parsed.data);
    if (!result) return next();
    if (!result.ok) return renderGroupForm(res, result.field === 'name' ? 409 : 400, id, { ...keptValues(req.body), members: parsed.data.members }, refusal(res, result));
    res.redirect(303, `${BASE}#groups`);
  });

  router.post(`${BASE}/groups/:id/delete`, async (req, res, next) => {
    const id = idOf(req);
    if (!id || !(await service.deleteGroup(officeOf(res), id))) return next();
    res.redirect(303, `${BASE}#groups`);
  });

  router.get(`${BASE}/new`, (_req, res) => renderAgencyForm(res, 200, null, {}));

  router.post(BASE, async (req, res) => {
    const parsed = parseForm(agencyForm, req.body, tOf(res));
    if (!parsed.ok) return renderAgencyForm(res, 400, null, keptValues(req.body), parsed.errors);
    const result = await service.createAgency(officeOf(res), parsed.data);
    if (!result.ok) return renderAgencyForm(res, 409, null, keptValues(req.body), refusal(res, result));
    res.redirect(303, BASE);
  });

  router.get(`${BASE}/:id/edit`, async (req, res, next) => {
    const id = idOf(req);
    const agency = id ? await service.getAgency(officeOf(res), id) : null;
    if (!agency) return next();
    renderAgencyForm(res, 200, agency.id, { name: agency.name, short_name: agency.shortName ?? '', emails: agency.emails.join('\n') });
  });

  router.post(`${BASE}/:id`, async (req, res, next) => {
    const id = idOf(req);
    if (!id || !(await service.getAgency(officeOf(res), id))) return next();
    const parsed = parseForm(agencyForm, req.body, tOf(res));
    if (!parsed.ok) return renderAgencyForm(res, 400, id, keptValues(req.body), parsed.errors);
    const result = await service.updateAgency(officeOf(res), id, parsed.data);
    if (!result) return next();
    if (!result.ok) return renderAgencyForm(res, 409, id, keptValues(req.body), refusal(res, result));
    res.redirect(303, BASE);
  });

  for (const [action, archived] of [['archive', true], ['restore', false]] as const) {
    router.post(`${BASE}/:id/${action}`, async (req, res, next) => {
      const id = idOf(req);
      if (!id || !(await service.setArchived(officeOf(res), id, archived))) return next();
      res.redirect(303, BASE);
    });
  }

  return router;
}
