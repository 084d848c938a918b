import { type NextFunction, type Request, type Response, Router } from 'express';
import type { FileStorage } from '../attachments/storage';
import type { Clock } from '../clock';
import { keptValues } from '../web/form-values';
import { createUpload, uploadedFiles } from '../web/upload';
import { type FieldErrors, parseForm, translatedFields } from '../web/validate';
import type { AgencyTreeCache } from './agency-tree';
import { clauseStates } from './clause-states';
import type { WrongLinkLimit } from './guess-limit';
import { agencyForm, agencyFormMaxFields } from './schemas';
import type { Agency, SubmissionsService } from './service';
import { statusOf } from '../web/errors';
import { DomainError } from '../errors';

const tOf = (res: Response) => res.locals.t;

/**
 * An agency's page at its personal link: the draft with a comment box under each clause, save,
 * submit, receipts. No account: the link is the key, and it opens only its own invitation.
 */
export function invitationPages(deps: { service: SubmissionsService; trees: AgencyTreeCache; storage: FileStorage; clock: Clock; dataDir: string; wrongLink: WrongLinkLimit }): Router {
  const { service, storage } = deps;
  const router = Router();
  const clauseIdsOf = (res: Response) => res.locals.clauseIds!;
  const upload = createUpload(deps.dataDir, [{ name: 'letterFile', maxCount: 1 }], { maxFields: (res) => agencyFormMaxFields(clauseIdsOf(res).size) });

  /** Resolves the link; a wrong or revoked one gets its page here (or 429), and counts against guessing. */
  const withAgency = async (req: Request, res: Response): Promise<Agency | null> => {
    const access = await service.access(String(req.params.token));
    res.set('Cache-Control', 'no-store');
    res.set('Referrer-Policy', 'no-referrer');
    if (access.kind === 'ok') return access;
    const t = tOf(res);
    const kind = access.kind;
    await deps.wrongLink(req, res, () => res.status(kind === 'revoked' ? 410 : 404).render('errors/error', { title: t(`invite.${kind}.title`), message: t(`invite.${kind}.text`), stack: null }));
    return null;
  };

  const render = async (
    req: Request,
    res: Response,
    agency: Agency,
    status: number,
    extra: { errors?: FieldErrors; values?: Record<string, unknown> | null; notice?: string | null; revise?: boolean } = {},
  ) => {
    const ws = await service.workspace(agency);
    const writable = ws.window !== 'closed';
    // Once sent, the page opens on what was sent; the form comes back only when asked for (or with its own errors and notices).
    const showForm = ws.submissions.length === 0 || (writable && Boolean(extra.revise || extra.values || extra.notice));
    const states = clauseStates({ related: ws.related, saved: ws.draft?.comments ?? [], values: extra.values ?? null, errors: extra.errors ?? {}, earlier: ws.earlier });
    const tree = ws.detail.draft && showForm ? deps.trees.render(ws.detail.draft, { lang: res.locals.lang, t: tOf(res), writable, states }) : { html: '', related: [] };
    res.status(status).render('agency/page', {
      showForm,
      title: tOf(res)('agency.title', { agency: agency.agencyName }),
      ws,
      treeHtml: tree.html,
      relatedNodes: tree.related,
      token: String(req.params.token),
      errors: extra.errors ?? {},
      values: extra.values ?? null,
      notice: extra.notice ?? null,
    });
  };

  router.get('/invite/:token', async (req, res) => {
    const agency = await withAgency(req, res);
    if (!agency) return;
    await service.opened(agency);
    await render(req, res, agency, 200, { notice: typeof req.query.saved === 'string' ? 'saved' : null, revise: typeof req.query.revise === 'string' });
  });

  // The link is checked before the upload is read, so a wrong link never writes a file, and the
  // form's fields are bounded by its draft's clauses.
  const linkFirst = async (req: Request, res: Response, next: NextFunction) => {
    const agency = await withAgency(req, res);
    if (!agency) return;
    res.locals.agency = agency;
    res.locals.clauseIds = await service.formClauseIds(agency.consultationId);
    next();
  };

  router.post('/invite/:token', linkFirst, upload, async (req, res, next: NextFunction) => {
    const agency = res.locals.agency!;
    const failed = res.locals.uploadError;
    if (failed) return render(req, res, agency, statusOf(failed), { errors: translatedFields(failed, tOf(res)), values: keptValues(req.body) });
    const parsed = parseForm(agencyForm(clauseIdsOf(res)), req.body, tOf(res));
    if (!parsed.ok) return render(req, res, agency, 400, { errors: parsed.errors, values: keptValues(req.body) });
    const letterFile = uploadedFiles(req).letterFile?.[0];
    try {
      if (parsed.data.action === 'submit') {
        const receipt = await service.submit(agency, parsed.data.input, letterFile);
        res.redirect(303, `/invite/${String(req.params.token)}/receipts/${encodeURIComponent(receipt.receiptNumber)}`);
      } else {
        await service.save(agency, parsed.data.input, letterFile);
        res.redirect(303, `/invite/${String(req.params.token)}?saved=1#form-actions`);
      }
    } catch (err) {
      // The answers are shown again as sent; whatever was saved before is untouched.
      if (err instanceof DomainError) return render(req, res, agency, statusOf(err), { errors: translatedFields(err, tOf(res)), values: keptValues(req.body) });
      next(err);
    }
  });

  router.get('/invite/:token/receipts/:number', async (req, res, next) => {
    const agency = await withAgency(req, res);
    if (!agency) return;
    const ws = await service.workspace(agency);
    const submission = ws.submissions.find((s) => s.receipt_number === req.params.number);
    if (!submission) return next();
    res.render('agency/receipt', { title: tOf(res)('agency.receipt.title', { number: submission.receipt_number ?? '' }), ws, submission, token: String(req.params.token) });
  });

  router.get('/invite/:token/letters/:id/:filename', async (req, res, next) => {
    const agency = await withAgency(req, res);
    if (!agency) return;
    const attachment = await service.letterFile(agency, Number(req.params.id));
    if (!attachment) return next();
    res.setHeader('Content-Type', attachment.content_type);
    res.attachment(attachment.filename);
    res.sendFile(storage.pathOf(attachment.storage_key));
  });

  return router;
}
