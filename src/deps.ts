import { createAgenciesService } from './agencies/service';
import { createAuthService } from './auth/service';
import { createFileStorage } from './attachments/storage';
import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { createOfficeConsultationsService } from './office/service';
import { createConsultationsService } from './consultations/service';
import { type OpenDatabase, openConfiguredDatabase } from './db/database';
import { createDraftsService } from './drafts/service';
import { createDraftImporter } from './drafts/import';
import { createInvitationsService } from './invitations/service';
import { createMail } from './mail';
import type { MailTransport } from './mail/transport';
import { createOutboxService } from './mail/service';
import { createRateLimitStore } from './rate-limits/store';
import { viewsDir } from './paths';
import { createReportsService } from './reports/service';
import { createResponsesService } from './responses/service';
import { createPublicAnswersService } from './moderation/answers-service';
import { createCaches } from './caches';
import { bumpIfPublicWritten, publicPagesVersion } from './changes/public-pages';
import { createSubmissionsService } from './submissions/service';
import { createUow } from './repositories';
import { createOwnedCheck } from './office/owned';
import { createRoundsService } from './rounds/service';
import { createGroupCommit } from './public-comments/group-commit';
import { createFormStamp } from './public-comments/form-stamp';
import { createPublicCommentsService } from './public-comments/service';
import { createCitizenSignIn } from './public-comments/oidc';
import { createModerationService } from './moderation/service';

/** Everything the app needs, built once and passed in: each test builds its own. */
export function createDeps(config: Config, options: { sessionSecret: string; clock?: Clock; database?: OpenDatabase; log?: (message: string) => void; transport?: MailTransport }) {
  const database = options.database ?? openConfiguredDatabase(config);
  const clock = options.clock ?? systemClock;
  const { db } = database;
  const mail = createMail(config, db, clock, options.log ?? ((message) => console.warn(message)), options.transport);
  const storage = createFileStorage(config.filesDir);
  const uow = createUow(db, clock, database.plans, { beforeCommit: bumpIfPublicWritten });
  const owned = createOwnedCheck(uow);
  const deliverNow = () => void mail.delivery.deliverNow();
  const caches = createCaches({ viewsDir, publicVersion: publicPagesVersion(uow), clock });
  const drafts = createDraftsService(uow, caches.publishedDrafts);
  const importer = createDraftImporter(config.import);
  const consultations = createConsultationsService({ uow, drafts, clock });
  const agencies = createAgenciesService({ uow, clock });
  const invitations = createInvitationsService({ templates: mail.templates, clock, baseUrl: config.baseUrl });
  const officeConsultations = createOfficeConsultationsService({ uow, owned, clock, storage, agencies, invitations, drafts, importer, deliverNow });
  const rounds = createRoundsService({ uow, owned, clock, published: caches.publishedComparisons, createConsultation: (...args) => officeConsultations.create(...args) });
  const submissions = createSubmissionsService({ uow, caches, owned, clock, storage, consultations, invitations, earlierComments: rounds.earlierComments, deliverNow });
  const responses = createResponsesService({ uow, owned, clock });
  const reports = createReportsService({ uow, owned, clock });
  const publicAnswers = createPublicAnswersService({ uow, owned, clock });
  const auth = createAuthService({ uow, clock, lifetime: config.session });
  const outbox = createOutboxService({ uow, deliverNow });
  // Public comments are acknowledged once on disk; one group commit per database takes them in batches.
  const intake = createGroupCommit(uow, { maxQueue: config.publicComments.maxQueue });
  const publicComments = createPublicCommentsService({ uow, clock, drafts, caches, limits: config.publicComments, baseUrl: config.baseUrl, intake, deliverNow });
  const moderation = createModerationService({ uow, owned, clock, deliverNow });
  const formStamp = createFormStamp(options.sessionSecret, clock, config.publicComments.minFillMs);
  // Rate limits count in the database, so every instance on it counts one client's tries together.
  const rateLimitStore = (prefix: string) => createRateLimitStore({ uow, clock }, prefix);
  const citizenSignIn = config.oidc ? createCitizenSignIn(config.oidc, { baseUrl: config.baseUrl, clock }) : null;
  return { config, database, db, uow, clock, storage, mail, importer, sessionSecret: options.sessionSecret, caches, rateLimitStore, intake, formStamp, citizenSignIn, services: { agencies, auth, drafts, consultations, officeConsultations, submissions, responses, reports, outbox, rounds, publicComments, moderation, publicAnswers } };
}

export type Deps = ReturnType<typeof createDeps>;
