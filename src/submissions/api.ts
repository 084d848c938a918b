import { type NextFunction, type Request, type Response, Router } from 'express';
import { clauseJson } from '../consultations/present';
import type { ClauseView } from '../drafts/service';
import { earlierJson } from '../rounds/present';
import type { EarlierComment } from '../rounds/service';
import { toVnIso } from '../time';
import { createUpload, throwIfUploadFailed, uploadedFiles } from '../web/upload';
import { bodyOf, validate } from '../web/validate';
import type { WrongLinkLimit } from './guess-limit';
import { submissionBody } from './schemas';
import type { AgencyWorkspace, SubmissionsService } from './service';
import { Invalid } from '../errors';

type Comment = AgencyWorkspace['submissions'][number]['comments'][number];
const commentJson = (k: Comment) => ({ clauseId: k.clause_id, label: k.clause_label, text: k.text, proposedText: k.proposed_text });

/** A clause as the public JSON has it, with this agency's comments on its counterpart of the round before. */
const clauseWithEarlier = (c: ClauseView, earlier: ReadonlyMap<number, EarlierComment[]>): unknown => ({
  ...(clauseJson({ ...c, children: [] }) as object),
  earlier: (earlier.get(c.id) ?? []).map(earlierJson),
  children: c.children.map((k) => clauseWithEarlier(k, earlier)),
});

function workspaceJson(ws: AgencyWorkspace) {
  const c = ws.consultation;
  return {
    consultation: {
      id: c.id,
      number: c.number,
      letterDate: c.letter_date,
      subject: c.subject,
      office: c.office_name,
      status: ws.detail.summary.status,
      deadline: toVnIso(c.deadline_at),
      deadlineRule: c.deadline_rule,
      latePolicy: c.late_policy,
      letterRequired: c.letter_required === 1,
      contact: { name: c.contact_name, phone: c.contact_phone, email: c.contact_email },
    },
    window: ws.window,
    agency: { id: ws.agency.agencyId, name: ws.agency.agencyName },
    clauses: ws.detail.draft ? ws.detail.draft.clauses.map((c) => clauseWithEarlier(c, ws.earlier)) : [],
    relatedClauseIds: ws.related,
    draft: ws.draft && {
      generalComment: ws.draft.general_comment,
      agreeWithoutComments: ws.draft.agree_without_comments === 1,
      comments: ws.draft.comments.map(commentJson),
      letter: {
        number: ws.draft.letter_number,
        date: ws.draft.letter_date,
        signer: ws.draft.letter_signer,
        title: ws.draft.letter_signer_title,
        file: ws.draft.letter ? { filename: ws.draft.letter.filename, size: ws.draft.letter.size, contentType: ws.draft.letter.content_type } : null,
      },
      savedBy: ws.draft.saved_by,
      savedAt: toVnIso(ws.draft.saved_at),
    },
    submissions: ws.submissions.map((s) => ({
      receiptNumber: s.receipt_number,
      revision: s.revision,
      submittedAt: s.submitted_at && toVnIso(s.submitted_at),
      late: s.late === 1,
      enteredByOffice: s.entered_by_user_id !== null,
      agreeWithoutComments: s.agree_without_comments === 1,
      generalComment: s.general_comment,
      comments: s.comments.map(commentJson),
    })),
  };
}

/**
 * The agency API: `Authorization: Bearer <token>`, the token being the last path segment of the
 * personal link. It reaches the one invitation the token belongs to, and nothing else.
 */
export function invitationApi(deps: { service: SubmissionsService; dataDir: string; wrongLink: WrongLinkLimit }): Router {
  const { service } = deps;
  const router = Router();
  const upload = createUpload(deps.dataDir, [{ name: 'file', maxCount: 1 }]);
  const t = (res: Response) => res.locals.t;
  const agencyOf = (res: Response) => res.locals.agency!;

  const authed = async (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/iu.exec(req.get('authorization') ?? '');
    const access = match ? await service.access(match[1]!) : null;
    if (!access || access.kind !== 'ok') {
      res.set('WWW-Authenticate', 'Bearer realm="gopy-invitation"');
      const message = !match ? t(res)('api.token_missing') : access?.kind === 'revoked' ? t(res)('invite.revoked.text') : t(res)('invite.not_found.text');
      await deps.wrongLink(req, res, () => res.status(401).json({ error: message }));
      return;
    }
    res.locals.agency = access;
    next();
  };

  router.get('/invitation', authed, async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(workspaceJson(await service.workspace(agencyOf(res))));
  });

  router.put('/invitation/submission', authed, validate(submissionBody), async (_req, res) => {
    const saved = await service.save(agencyOf(res), bodyOf(res, submissionBody));
    res.json({ savedAt: toVnIso(saved.savedAt) });
  });

  router.post('/invitation/letter', authed, upload, async (req, res) => {
    throwIfUploadFailed(res);
    const file = uploadedFiles(req).file?.[0];
    if (!file) throw new Invalid({ file: { key: 'submission.letter_required' } });
    const agency = agencyOf(res);
    const saved = await service.save(agency, await service.currentInput(agency), file);
    res.status(201).json({ savedAt: toVnIso(saved.savedAt) });
  });

  router.post('/invitation/submission/submit', authed, async (_req, res) => {
    const receipt = await service.submit(agencyOf(res), null);
    res.status(201).json({ receiptNumber: receipt.receiptNumber, submittedAt: toVnIso(receipt.submittedAt), late: receipt.late, revision: receipt.revision, summary: receipt.summary });
  });

  return router;
}
