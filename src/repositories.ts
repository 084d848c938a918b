import { createAgenciesRepository } from './agencies/repository';
import { createAttachmentsRepository } from './attachments/repository';
import { createAuditRepository } from './audit/repository';
import { createAuthRepository } from './auth/repository';
import { createChangesRepository } from './changes/repository';
import type { Clock } from './clock';
import { createOfficeConsultationsRepository } from './office/repository';
import { createConsultationsRepository } from './consultations/repository';
import type { Db } from './db/database';
import type { QueryPlans } from './db/prepared';
import { type UnitOfWork, type UnitOfWorkOptions, createUnitOfWork } from './db/unit-of-work';
import { createDraftsRepository } from './drafts/repository';
import { createInvitationsRepository } from './invitations/repository';
import { createOutboxRepository } from './mail/outbox-repository';
import { createModerationRepository } from './moderation/repository';
import { createOfficesRepository } from './offices/repository';
import { createPublicCommentsRepository } from './public-comments/repository';
import { createRateLimitsRepository } from './rate-limits/repository';
import { createReportsRepository } from './reports/repository';
import { createResponsesRepository } from './responses/repository';
import { createRoundsRepository } from './rounds/repository';
import { createSubmissionsRepository } from './submissions/repository';

/** Every repository, built on one database handle or transaction; `plans` are the database's prepared queries. */
export function repositoriesOn(db: Db, clock: Clock, plans: QueryPlans) {
  const q = plans.on(db);
  return {
    agencies: createAgenciesRepository(db),
    attachments: createAttachmentsRepository(db),
    audit: createAuditRepository(db),
    auth: createAuthRepository(db),
    changes: createChangesRepository(db, q),
    consultations: createConsultationsRepository(db, q),
    drafts: createDraftsRepository(db, q),
    invitations: createInvitationsRepository(db, q),
    moderation: createModerationRepository(db),
    office: createOfficeConsultationsRepository(db, q),
    offices: createOfficesRepository(db),
    outbox: createOutboxRepository(db, clock),
    publicComments: createPublicCommentsRepository(db),
    rateLimits: createRateLimitsRepository(db),
    reports: createReportsRepository(db),
    responses: createResponsesRepository(db),
    rounds: createRoundsRepository(db),
    submissions: createSubmissionsRepository(db, q),
  };
}

export type Repositories = ReturnType<typeof repositoriesOn>;
export type Uow = UnitOfWork<Repositories>;

export function createUow(db: Db, clock: Clock, plans: QueryPlans, options: UnitOfWorkOptions<Repositories> = {}): Uow {
  return createUnitOfWork(db, (handle) => repositoriesOn(handle, clock, plans), options);
}
