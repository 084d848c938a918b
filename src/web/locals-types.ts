import type { StaffUser } from '../auth/repository';
import type { StaffSession } from '../auth/service';
import type { DomainError } from '../errors';
import type { Lang, MessageKey, Translate } from '../i18n';
import type { InvitationAccess } from '../invitations/access';
import type { pageLinks } from '../pagination';
import type { Closing } from '../time';
import type { DeadlineRule } from '../db/tables';

// What a request's handlers and templates find in res.locals, declared once for every route.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by setUpLocals (src/web/locals.ts) on every request. */
      lang: Lang;
      t: Translate;
      tKnown: (key: string, vars?: Record<string, string | number>) => string;
      langSwitchUrl: string;
      formatDate: (at: string | Date) => string;
      formatDateTime: (at: string | Date) => string;
      isoTime: (at: string | Date) => string;
      repeatedLabelsOf: (flat: readonly { label: string | null }[]) => Set<string>;
      pageLinks: typeof pageLinks;
      deadlineText: (rule: DeadlineRule, at: string) => string;
      closingText: (c: Closing) => string;
      /** Set by setUpCsrf (src/web/csrf.ts). */
      csrfToken: () => string;
      /** The signed-in officer, from the session cookie or an API token (src/auth/middleware.ts). */
      user?: StaffUser;
      staffSession?: StaffSession;
      /** The agency a personal link opened (src/submissions/routes.ts, api.ts). */
      agency?: Extract<InvitationAccess, { kind: 'ok' }>;
      /** The clauses the agency form may name, bounding the form's fields. */
      clauseIds?: ReadonlySet<number>;
      /** A refused upload, for the route to show at its field (src/web/upload.ts). */
      uploadError?: DomainError;
      /** An API body as `validate(schema)` parsed it (src/web/validate.ts). */
      body?: unknown;
      /** A refused CSV upload of the directory (src/agencies/upload.ts). */
      csvUploadError?: MessageKey;
    }
  }
}

export {};
