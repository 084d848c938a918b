import { createAgenciesRepository } from './agencies/repository';
import { createAgenciesService } from './agencies/service';
import { createAuthRepository } from './auth/repository';
import { createAuthService } from './auth/service';
import { createAttachmentsRepository } from './attachments/repository';
import { createFileStorage } from './attachments/storage';
import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { createConsultationsRepository } from './consultations/repository';
import { createOfficeConsultationsRepository } from './consultations/office-repository';
import { createOfficeConsultationsService } from './consultations/office-service';
import { createConsultationsService } from './consultations/service';
import { type OpenDatabase, openConfiguredDatabase } from './db/database';
import { createDraftsRepository } from './drafts/repository';
import { createDraftsService } from './drafts/service';
import { createDraftImporter } from './drafts/import';
import { createInvitationsService } from './invitations/service';
import { createMail } from './mail';
import { createOfficesRepository } from './offices/repository';
import { viewsDir } from './paths';
import { createReportsService } from './reports/service';
import { createResponsesService } from './responses/service';
import { createAgencyTreeCache } from './submissions/agency-tree';
import { createSubmissionsService } from './submissions/service';

/** Everything the app needs, built once and passed in: each test builds its own. */
export function createDeps(config: Config, options: { sessionSecret: string; clock?: Clock; database?: OpenDatabase; log?: (message: string) => void }) {
  const database = options.database ?? openConfiguredDatabase(config);
  const clock = options.clock ?? systemClock;
  const { db } = database;
  const mail = createMail(config, db, clock, options.log ?? ((message) => console.warn(message)));
  const storage = createFileStorage(config.filesDir);
  const repos = {
    agencies: createAgenciesRepository(db),
    attachments: createAttachmentsRepository(db),
    auth: createAuthRepository(db),
    offices: createOfficesRepository(db),
    consultations: createConsultationsRepository(db),
    drafts: createDraftsRepository(db),
    officeConsultations: createOfficeConsultationsRepository(db),
  };
  const drafts = createDraftsService(repos.drafts);
  const importer = createDraftImporter(config.import);
  const consultations = createConsultationsService({ repo: repos.consultations, drafts, clock });
  const agencies = createAgenciesService({ repo: repos.agencies, clock });
  const invitations = createInvitationsService({ outbox: mail.outbox, templates: mail.templates, clock, baseUrl: config.baseUrl });
  const officeConsultations = createOfficeConsultationsService({
    db,
    clock,
    storage,
    agencies,
    invitations,
    outbox: mail.outbox,
    importer,
    deliverNow: () => void mail.delivery.deliverNow(),
  });
  // The agency page's rendered clause trees, by published draft version (src/submissions/agency-tree.ts).
  const agencyTrees = createAgencyTreeCache({ viewsDir });
  const submissions = createSubmissionsService({ db, clock, storage, consultations, invitations, deliverNow: () => void mail.delivery.deliverNow() });
  const responses = createResponsesService({ db, clock });
  const reports = createReportsService({ db, clock });
  const auth = createAuthService({ repo: repos.auth, offices: repos.offices, clock, lifetime: config.session });
  return { config, database, db, clock, storage, mail, importer, sessionSecret: options.sessionSecret, repos, agencyTrees, services: { agencies, auth, drafts, consultations, officeConsultations, submissions, responses, reports } };
}

export type Deps = ReturnType<typeof createDeps>;
