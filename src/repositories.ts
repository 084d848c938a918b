import { createAgenciesRepository } from './agencies/repository';
import { createAttachmentsRepository } from './attachments/repository';
import { createAuditRepository } from './audit/repository';
import { createAuthRepository } from './auth/repository';
import { createChangesRepository } from './changes/repository';
import type { Clock } from './clock';
import { createOfficeConsultationsRepository } from './office/repository';
import { createConsultationsRepository } from './consultations/repository';
import type { Db } from './db/database';
import { type UnitOfWork, createUnitOfWork } from './db/unit-of-work';
import { createDraftsRepository } from './drafts/repository';
import { createInvitationsRepository } from './invitations/repository';
import { createOutboxRepository } from './mail/outbox-repository';
import { createOfficesRepository } from './offices/repository';
import { createRateLimitsRepository } from './rate-limits/repository';
import { createReportsRepository } from './reports/repository';
import { createResponsesRepository } from './responses/repository';
import { createSubmissionsRepository } from './submissions/repository';

/** Every repository, built on one database handle or transaction. */
export function repositoriesOn(db: Db, clock: Clock) {
  return {
    agencies: createAgenciesRepository(db),
    attachments: createAttachmentsRepository(db),
    audit: createAuditRepository(db),
    auth: createAuthRepository(db),
    changes: createChangesRepository(db),
    consultations: createConsultationsRepository(db),
    drafts: createDraftsRepository(db),
    invitations: createInvitationsRepository(db),
    office: createOfficeConsultationsRepository(db),
    offices: createOfficesRepository(db),
    outbox: createOutboxRepository(db, clock),
    rateLimits: createRateLimitsRepository(db),
    reports: createReportsRepository(db),
    responses: createResponsesRepository(db),
    submissions: createSubmissionsRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositoriesOn>;
export type Uow = UnitOfWork<Repositories>;

export function createUow(db: Db, clock: Clock): Uow {
  return createUnitOfWork(db, (handle) => repositoriesOn(handle, clock));
}
