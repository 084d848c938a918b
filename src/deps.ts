import path from 'node:path';
import { createAgenciesRepository } from './agencies/repository';
import { createAttachmentsRepository } from './attachments/repository';
import { createFileStorage } from './attachments/storage';
import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { createConsultationsRepository } from './consultations/repository';
import { createConsultationsService } from './consultations/service';
import { type OpenDatabase, openDatabase } from './db/database';
import { createDraftsRepository } from './drafts/repository';
import { createDraftsService } from './drafts/service';

/** Everything the app needs, built once and passed in: each test builds its own. */
export function createDeps(config: Config, options: { clock?: Clock; database?: OpenDatabase } = {}) {
  const database = options.database ?? openDatabase(path.join(config.dataDir, 'gopy.sqlite'));
  const clock = options.clock ?? systemClock;
  const { db } = database;
  const storage = createFileStorage(path.join(config.dataDir, 'files'));
  const repos = {
    agencies: createAgenciesRepository(db),
    attachments: createAttachmentsRepository(db),
    consultations: createConsultationsRepository(db),
    drafts: createDraftsRepository(db),
  };
  const drafts = createDraftsService(repos.drafts);
  const consultations = createConsultationsService({ repo: repos.consultations, drafts, clock });
  return { config, database, db, clock, storage, repos, services: { drafts, consultations } };
}

export type Deps = ReturnType<typeof createDeps>;
