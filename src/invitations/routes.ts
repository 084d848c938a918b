import { type Request, type Response, Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { SECRET_TOKEN_RE, hashToken } from '../auth/tokens';
import type { Clock } from '../clock';
import type { ConsultationsService } from '../consultations/service';
import type { Translate } from '../web/i18n';
import type { InvitationsRepository } from './repository';

/**
 * An agency's personal link: the token is looked up by its hash, so a wrong token costs one indexed
 * lookup and reveals nothing; wrong tokens are counted per client to slow guessing.
 */
export function invitationPages(deps: { repo: InvitationsRepository; consultations: ConsultationsService; clock: Clock; baseUrl: string }): Router {
  const router = Router();
  const refuse = (res: Response, status: number, kind: 'not_found' | 'revoked' | 'limited') => {
    const t = res.locals.t as Translate;
    res.set('Cache-Control', 'no-store');
    if (kind === 'limited') return res.status(429).render('errors/error', { title: t('invite.not_found.title'), message: t('invite.limited'), stack: null });
    res.status(status).render('errors/error', { title: t(`invite.${kind}.title`), message: t(`invite.${kind}.text`), stack: null });
  };
  const guessing = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: 20,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? ''),
    handler: (_req, res) => refuse(res, 429, 'limited'),
  });

  router.get('/invite/:token', guessing, async (req, res) => {
    const token = String(req.params.token);
    const invitation = SECRET_TOKEN_RE.test(token) ? await deps.repo.findByTokenHash(hashToken(token)) : undefined;
    if (!invitation) return refuse(res, 404, 'not_found');
    if (invitation.revoked_at) return refuse(res, 410, 'revoked');
    await deps.repo.markOpened(invitation.id, deps.clock.now().toISOString());
    const detail = await deps.consultations.getPublic(invitation.consultation_id);
    if (!detail) return refuse(res, 404, 'not_found');
    res.set('Cache-Control', 'no-store');
    res.set('Referrer-Policy', 'no-referrer');
    res.render('consultations/show', {
      title: detail.consultation.draft_title ?? detail.consultation.subject,
      ...detail,
      baseUrl: deps.baseUrl,
      invitation: { agencyName: invitation.agency_name },
    });
  });

  return router;
}
