import type { Kysely } from 'kysely';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/tables';
import { createOutboxDelivery } from './delivery';
import { createOutboxRepository } from './outbox-repository';
import { mailTemplates } from './templates';
import { type MailTransport, createTransport } from './transport';

/** The mail feature wired in one call: the outbox to enqueue into, its delivery job, and the texts; `transport` from the configuration unless given. */
export function createMail(config: Config, db: Kysely<Database>, clock: Clock, log: (message: string) => void, transport: MailTransport = createTransport(config)) {
  const outbox = createOutboxRepository(db, clock);
  const delivery = createOutboxDelivery({ outbox, transport, clock, log });
  return { outbox, delivery, templates: mailTemplates };
}

export type Mail = ReturnType<typeof createMail>;
