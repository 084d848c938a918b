import type { NextFunction, Request, Response } from 'express';
import type { DeadlineRule } from '../db/tables';
import { type Closing, closesAt, deadlineDisplayDate, formatVnDate, formatVnDateTime, toVnIso } from '../time';
import { type Lang, isLang, isMessageKey, translator } from '../i18n';
import { pageLinks } from '../pagination';
import { secureCookies } from './security';

const LANG_COOKIE = 'lang';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Clause labels printed more than once in a draft ("1." in every article), for naming comment boxes. */
export function repeatedLabelsOf(flat: readonly { label: string | null }[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const { label } of flat) {
    if (!label) continue;
    if (seen.has(label)) repeated.add(label);
    seen.add(label);
  }
  return repeated;
}

/** The visitor's language: ?lang= (then remembered in a cookie), else the cookie, else Vietnamese. */

/**
 * The address of the page the user is looking at. A form re-shown after a POST (with its errors)
 * has no address of its own to reload in another language: the form's page, from the Referer when
 * it is this site's, stands in for it.
 */
function pageAddress(req: Request): string {
  if (req.method === 'GET' || req.method === 'HEAD') return req.originalUrl;
  const referer = req.get('referer');
  if (referer) {
    try {
      const from = new URL(referer);
      if (from.host === req.get('host')) return `${from.pathname}${from.search}`;
    } catch {
      // not a URL: fall through
    }
  }
  return '/';
}

export function setUpLocals(req: Request, res: Response, next: NextFunction): void {
  const asked = req.query.lang;
  let lang: Lang = 'vi';
  if (isLang(asked)) {
    lang = asked;
    res.cookie(LANG_COOKIE, asked, { maxAge: ONE_YEAR_MS, httpOnly: true, sameSite: 'lax', secure: secureCookies(req) });
  } else if (isLang(req.cookies?.[LANG_COOKIE])) {
    lang = req.cookies[LANG_COOKIE] as Lang;
  }
  const t = translator(lang);
  const otherLang: Lang = lang === 'vi' ? 'en' : 'vi';
  const url = new URL(pageAddress(req), 'http://local');
  url.searchParams.delete('_csrf');
  url.searchParams.set('lang', otherLang);

  res.locals.lang = lang;
  res.locals.t = t;
  res.locals.langSwitchUrl = `${url.pathname}${url.search}`;
  res.locals.formatDate = formatVnDate;
  res.locals.formatDateTime = formatVnDateTime;
  // "1.284": Vietnamese groups thousands with dots.
  res.locals.formatNumber = (n: number) => n.toLocaleString('vi-VN');
  res.locals.isoTime = toVnIso;
  res.locals.repeatedLabelsOf = repeatedLabelsOf;
  // For keys built from stored data (the log): an unknown one is shown as it is rather than failing the page.
  res.locals.tKnown = (key: string, vars?: Record<string, string | number>): string => (isMessageKey(key) ? t(key, vars) : key);
  res.locals.pageLinks = pageLinks;
  res.locals.deadlineText = (rule: DeadlineRule, at: string): string =>
    rule === 'at_time'
      ? t('deadline.rule.at_time', { time: formatVnDateTime(at) })
      : t(`deadline.rule.${rule}`, { date: formatVnDate(deadlineDisplayDate(rule, at)) });
  // When replies stop, said once: the deadline's cut-off, or the moment the office ended it early.
  res.locals.closingText = (c: Closing): string =>
    closesAt(c) !== c.deadline_at ? t('deadline.closed_early', { time: formatVnDateTime(closesAt(c)) }) : t('deadline.cutoff', { time: formatVnDateTime(c.deadline_at) });
  next();
}
