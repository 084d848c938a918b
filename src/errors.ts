import type { MessageKey } from './i18n';

/** A message for the user, by key, with the values it names. */
export interface Message {
  key: MessageKey;
  vars?: Record<string, string | number>;
}

/**
 * A rule of the portal refused the request. Each message belongs to a field of the form (or to
 * `_form`), so a page can show it where the user will look and an API can name the field. What
 * HTTP status each kind becomes is decided in one place, src/web/errors.ts.
 */
export abstract class DomainError extends Error {
  readonly fields: Record<string, Message>;

  constructor(fields: Record<string, Message> | MessageKey) {
    const byField = typeof fields === 'string' ? { _form: { key: fields } } : fields;
    super(Object.values(byField).map((m) => m.key).join(', '));
    this.fields = byField;
  }
}

/** The input breaks a rule: a missing field, a wrong value, a file that cannot be read. */
export class Invalid extends DomainError {}

/** What was asked for does not exist — or belongs to another office, which must not be told apart. */
export class NotFound extends DomainError {}

/** The request is valid but the record's state forbids it now: already published, no longer open. */
export class Conflict extends DomainError {}

/** A payload over what the portal accepts (a file, a number of rows). */
export class TooLarge extends DomainError {}

/** A link that worked once and no longer does: it expired. */
export class Gone extends DomainError {}

/**
 * Refused for now, to be tried again after `retryAfterSeconds`: too many requests from one address
 * or one e-mail address (`kind: 'client'`), or the portal past what it can take at once (`'capacity'`).
 */
export class TryLater extends DomainError {
  constructor(
    fields: Record<string, Message> | MessageKey,
    readonly retryAfterSeconds: number,
    readonly kind: 'client' | 'capacity' = 'client',
  ) {
    super(fields);
  }
}

/** The same refusal with its messages under other field names (an API naming fields its own way). */
export function renamedFields(err: DomainError, fields: Record<string, Message>): DomainError {
  if (err instanceof TryLater) return new TryLater(fields, err.retryAfterSeconds, err.kind);
  const Kind = err.constructor as new (fields: Record<string, Message>) => DomainError;
  return new Kind(fields);
}
