import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Router } from 'express';
import { simpleParser } from 'mailparser';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware';
import { pageNumber } from '../pagination';
import type { OutboxService } from './service';
import { emlFileName } from './transport';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const outboxQuery = z.object({ q: z.string().max(200).optional().catch(undefined), page: pageNumber });

/**
 * The mail's text in pieces, the portal's own links apart, so the page can make only those clickable.
 * A mail quotes what an agency typed (its letter number): "BASE_URL//elsewhere" would become the
 * protocol-relative href "//elsewhere", so a path must start with one slash and no backslash.
 */
export function splitLinks(text: string, baseUrl: string): { text: string; href: string | null }[] {
  const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const re = new RegExp(`${escaped}/(?![/\\\\])[^\\s<>"]+`, 'gu');
  const parts: { text: string; href: string | null }[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    parts.push({ text: text.slice(last, m.index), href: null });
    parts.push({ text: m[0], href: m[0].slice(baseUrl.length) });
    last = m.index + m[0].length;
  }
  parts.push({ text: text.slice(last), href: null });
  return parts;
}

/**
 * The office's outgoing mail: each message's state, a retry for those given up, and, when there is
 * no SMTP server, the .eml files delivery wrote (how the demo is played offline).
 */
export function outboxPages(outbox: OutboxService, config: { dataDir: string; smtpUrl: string | undefined; baseUrl: string }): Router {
  const router = Router();
  router.use('/office/outbox', requireUser);

  router.get('/office/outbox', async (req, res) => {
    const query = outboxQuery.parse(req.query);
    const officeId = currentUser(res).officeId;
    const filter = { q: query.q?.trim() || null };
    const { pager, rows } = await outbox.page(officeId, filter, query.page);
    res.render('office/outbox', { title: res.locals.t('outbox.title'), rows, pager, q: filter.q ?? '', smtp: Boolean(config.smtpUrl) });
  });

  router.get('/office/outbox/:file', async (req, res, next) => {
    const match = /^(\d+)\.eml$/u.exec(req.params.file);
    const row = match ? await outbox.find(currentUser(res).officeId, Number(match[1])) : undefined;
    if (!row || row.state !== 'sent' || config.smtpUrl) return next();
    const content = await readFile(path.join(config.dataDir, 'outbox', emlFileName({ id: row.id, template: row.template }))).catch(() => null);
    if (!content) return next();
    res.type('message/rfc822').attachment(emlFileName({ id: row.id, template: row.template })).send(content);
  });

  /** One message as it went out: the .eml when there is no SMTP server, so the demo's links can be followed here. */
  router.get('/office/outbox/:id', async (req, res, next) => {
    const parsed = idParam.safeParse(req.params);
    const row = parsed.success ? await outbox.find(currentUser(res).officeId, parsed.data.id) : undefined;
    if (!row) return next();
    const file = config.smtpUrl ? null : await readFile(path.join(config.dataDir, 'outbox', emlFileName({ id: row.id, template: row.template }))).catch(() => null);
    const sent = file ? await simpleParser(file) : null;
    const text = sent?.text ?? row.body_text;
    res.render('office/mail', {
      title: row.subject,
      row,
      hasEml: Boolean(file),
      parts: splitLinks(text, config.baseUrl),
    });
  });

  router.post('/office/outbox/:id/retry', async (req, res, next) => {
    const parsed = idParam.safeParse(req.params);
    const row = parsed.success ? await outbox.find(currentUser(res).officeId, parsed.data.id) : undefined;
    if (!row) return next();
    await outbox.retry(currentUser(res).officeId, row.id);
    res.redirect(303, '/office/outbox');
  });

  return router;
}
