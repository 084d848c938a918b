import './web/locals-types';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { pingDatabase } from './db/health';
import { agencyPages } from './agencies/routes';
import { attachmentRoutes } from './attachments/routes';
import { loadStaffSession, requireApiUser } from './auth/middleware';
import { authRoutes } from './auth/routes';
import { consultationsApi } from './consultations/api';
import { officeConsultationsApi } from './office/api';
import { officeConsultationPages } from './office/routes';
import { consultationPages } from './consultations/routes';
import type { Deps } from './deps';
import { assetsDir, viewsDir } from './paths';
import { errorHandler, notFound } from './web/errors';
import { outboxPages } from './mail/routes';
import { reportsApi } from './reports/api';
import { roundsApi } from './rounds/api';
import { appliedPages } from './rounds/applied-routes';
import { roundsOfficePages } from './rounds/office-routes';
import { roundPages } from './rounds/public-routes';
import { reportPages } from './reports/routes';
import { publicCommentsApi } from './public-comments/api';
import { publicCommentPages } from './public-comments/routes';
import { moderationApi } from './moderation/api';
import { moderationPages } from './moderation/routes';
import { responsesApi } from './responses/api';
import { reviewPages } from './responses/routes';
import { publicAnswerPages, publicAnswersApi } from './moderation/answers-routes';
import { invitationApi } from './submissions/api';
import { officeReplyPages } from './submissions/office-routes';
import { createWrongLinkLimit } from './submissions/guess-limit';
import { invitationPages } from './submissions/routes';
import { citizenIdentity, citizenSignInRoutes } from './public-comments/oidc-routes';
import { limitBody } from './web/body-limit';
import { setUpCsrf } from './web/csrf';
import { setUpLocals } from './web/locals';
import { createOverloadGuard } from './web/overload';
import { HTTPS_SETTING, securityHeaders } from './web/security';

/** A urlencoded or JSON body, whole. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The Express app, middleware in a fixed order, feature routers, then 404 and the error handler. */
export function createApp(deps: Deps, options: { log?: (err: unknown) => void } = {}): Express {
  const app = express();
  const { config } = deps;

  // Express's own last-resort handler (an error page that cannot render) follows the portal's mode, not process.env.
  app.set('env', config.env);
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);
  app.set('trust proxy', config.trustProxy);
  app.set(HTTPS_SETTING, config.baseUrl.startsWith('https:'));
  app.disable('x-powered-by');
  if (config.env === 'production') app.enable('view cache');

  // First: a refusal under overload must cost next to nothing (it sets its own security headers).
  if (config.overloadMaxLagMs > 0) {
    app.use(createOverloadGuard({ maxLagMs: config.overloadMaxLagMs, maxInFlight: config.maxInFlight }).middleware);
  }
  app.use(securityHeaders);
  app.use('/assets', express.static(assetsDir, { maxAge: config.env === 'production' ? '7d' : 0, index: false }));
  app.use(cookieParser(deps.sessionSecret));
  app.use(limitBody(express.urlencoded({ extended: false, limit: MAX_BODY_BYTES }), 'urlencoded', MAX_BODY_BYTES));
  app.use(setUpLocals);
  app.use(loadStaffSession(deps.services.auth));
  app.use(setUpCsrf);

  app.get('/healthz', async (_req, res) => {
    try {
      await pingDatabase(deps.db);
      res.set('Cache-Control', 'no-store').json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', error: 'database' });
    }
  });

  app.use('/api/v1', limitBody(express.json({ limit: MAX_BODY_BYTES }), 'json', MAX_BODY_BYTES));
  app.use('/api/v1', consultationsApi(deps.services.consultations, config.baseUrl));
  app.use('/api/v1', publicCommentsApi(deps.services.publicComments));
  const wrongLink = createWrongLinkLimit(deps.rateLimitStore);
  app.use('/api/v1', invitationApi({ service: deps.services.submissions, dataDir: config.dataDir, wrongLink }));
  const authed = requireApiUser(deps.services.auth);
  app.use('/api/v1', responsesApi({ responses: deps.services.responses, reports: deps.services.reports, authed }));
  app.use('/api/v1', reportsApi({ reports: deps.services.reports, authed }));
  app.use('/api/v1', publicAnswersApi({ answers: deps.services.publicAnswers, authed }));
  app.use('/api/v1', roundsApi({ rounds: deps.services.rounds, authed, dataDir: config.dataDir, baseUrl: config.baseUrl }));
  // After publicCommentsApi: its public list hands a request with a token on to the moderator's.
  app.use('/api/v1', moderationApi({ moderation: deps.services.moderation, authed }));
  app.use('/api/v1', officeConsultationsApi({ service: deps.services.officeConsultations, authed, dataDir: config.dataDir, baseUrl: config.baseUrl }));
  app.use(authRoutes(deps.services.auth, deps.rateLimitStore));
  if (deps.citizenSignIn) app.use(citizenSignInRoutes(deps.citizenSignIn, { secure: config.baseUrl.startsWith('https:') }));
  app.use(outboxPages(deps.services.outbox, config));
  app.use(invitationPages({ service: deps.services.submissions, trees: deps.caches.agencyTrees, storage: deps.storage, clock: deps.clock, dataDir: config.dataDir, wrongLink }));
  app.use(reviewPages({ responses: deps.services.responses, reports: deps.services.reports, appliedTargets: deps.services.rounds.appliedTargets }));
  app.use(publicAnswerPages({ answers: deps.services.publicAnswers }));
  app.use(appliedPages({ rounds: deps.services.rounds }));
  app.use(reportPages(deps.services.reports));
  app.use(officeReplyPages({ service: deps.services.submissions, office: deps.services.officeConsultations, consultations: deps.services.consultations, clock: deps.clock, dataDir: config.dataDir }));
  app.use(officeConsultationPages({ service: deps.services.officeConsultations, consultations: deps.services.consultations, agencies: deps.services.agencies, storage: deps.storage, rounds: deps.services.rounds, dataDir: config.dataDir }));
  app.use(roundsOfficePages({ rounds: deps.services.rounds, office: deps.services.officeConsultations, dataDir: config.dataDir }));
  app.use(agencyPages(deps.services.agencies));
  app.use(moderationPages(deps.services.moderation));
  app.use(
    publicCommentPages({
      service: deps.services.publicComments,
      stamp: deps.formStamp,
      confirmHours: Math.round(config.publicComments.confirmMs / 3_600_000),
      // With a provider configured, a signed-in citizen's comment needs no mail.
      ...(deps.citizenSignIn ? { citizenOf: citizenIdentity, providerName: deps.citizenSignIn.providerName, signInUrl: (returnTo: string) => `/sign-in/citizen?return=${encodeURIComponent(returnTo)}` } : {}),
    }),
  );
  app.use(roundPages({ consultations: deps.services.consultations, rounds: deps.services.rounds }));
  app.use(consultationPages(deps.services.consultations, { baseUrl: config.baseUrl, caches: deps.caches, clock: deps.clock, rounds: deps.services.rounds, publicComments: deps.services.publicComments }));
  app.use(attachmentRoutes(deps.services.consultations, deps.storage));

  app.use(notFound);
  app.use(errorHandler(config.env !== 'production', options.log ?? ((err) => console.error(err))));
  return app;
}
