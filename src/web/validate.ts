import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { type DomainError, type Message, NotFound } from '../errors';
import { type MessageKey, type Translate, isMessageKey } from '../i18n';

export type FieldErrors = Record<string, string[]>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

function messageOf(issue: z.core.$ZodIssue, t: Translate): string {
  if (isMessageKey(issue.message)) {
    const params = (issue as { params?: Record<string, string | number> }).params;
    return t(issue.message, params ?? (issue.code === 'too_big' ? { max: Number(issue.maximum) } : undefined));
  }
  if (issue.code === 'unrecognized_keys') return t('form.unknown_fields', { fields: issue.keys.join(', ') });
  const generic: MessageKey =
    issue.code === 'too_big' ? 'form.too_long' : issue.code === 'invalid_type' && issue.input === undefined ? 'form.required' : 'form.invalid';
  return t(generic);
}

/**
 * Parses a form or JSON body; errors come back per field, in the visitor's language, so the page can
 * show a summary linking to each field and the message beside it, with the answers kept.
 */
export function parseForm<S extends z.ZodType>(schema: S, input: unknown, t: Translate): FormResult<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : '_form';
    (errors[field] ??= []).push(messageOf(issue, t));
  }
  return { ok: false, errors };
}

/** A domain error's messages, field by field, in the visitor's language. */
export function translatedFields(err: DomainError, t: Translate): FieldErrors {
  return Object.fromEntries(Object.entries(err.fields).map(([field, m]) => [field, [t(m.key, m.vars)]]));
}

/** A route's parameters by their schema: a malformed id is "not found", like an unknown one. */
export function paramsOf<S extends z.ZodType>(schema: S, req: Request, notFound: Message = { key: 'consultation.not_found' }, field = '_form'): z.output<S> {
  const parsed = schema.safeParse(req.params);
  if (!parsed.success) throw new NotFound({ [field]: notFound });
  return parsed.data;
}

/**
 * An API body checked before its handler runs: a body that breaks the schema is answered 400 with
 * `{ error, fields }` in the caller's language, and the handler reads the parsed body with `bodyOf`.
 */
export function validate<S extends z.ZodType>(schema: S): RequestHandler {
  return (req, res, next) => {
    const parsed = parseForm(schema, req.body ?? {}, res.locals.t);
    if (!parsed.ok) {
      res.status(400).json({ error: Object.values(parsed.errors).flat()[0], fields: parsed.errors });
      return;
    }
    res.locals.body = parsed.data;
    next();
  };
}

/** The body `validate(schema)` parsed for this request. */
export function bodyOf<S extends z.ZodType>(res: Response, _schema: S): z.output<S> {
  return res.locals.body as z.output<S>;
}
