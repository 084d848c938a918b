import type { DeadlineRule } from './db/tables';

/** Vietnam has one offset all year (no daylight saving): UTC+07:00, zone Asia/Ho_Chi_Minh. */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date YYYY-MM-DD as the instant 00:00 of that day in Vietnam. */
export function vnMidnight(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(date);
  if (!m) throw new RangeError(`Not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - VN_OFFSET_MS);
}

/** The calendar date in Vietnam of an instant, as YYYY-MM-DD. */
export function vnDate(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(vnMidnight(date).getTime() + days * DAY_MS + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The deadline's instant from the letter's wording: "trước ngày D" closes at 00:00 of D,
 * "chậm nhất ngày D" at 24:00 of D. (A deadline with a time of day is stored as given, rule "at_time".)
 */
export function deadlineInstant(rule: Exclude<DeadlineRule, 'at_time'>, date: string): Date {
  return rule === 'before_date' ? vnMidnight(date) : new Date(vnMidnight(date).getTime() + DAY_MS);
}

/** What decides when a consultation stops taking replies: its deadline, or an earlier end the office chose. */
export interface Closing {
  deadline_at: string;
  closed_at: string | null;
}

/** The instant replies stop: the deadline in force, or the moment the office ended it early. */
export function closesAt(c: Closing): string {
  return c.closed_at !== null && c.closed_at < c.deadline_at ? c.closed_at : c.deadline_at;
}

/** The cut-off in force with the wording that states it: an early end reads as a time of day. */
export function closingDeadline(c: Closing & { deadline_rule: DeadlineRule }): { deadlineAt: string; deadlineRule: DeadlineRule } {
  const at = closesAt(c);
  return at === c.deadline_at ? { deadlineAt: at, deadlineRule: c.deadline_rule } : { deadlineAt: at, deadlineRule: 'at_time' };
}

/** The one place that decides whether a consultation's deadline has passed (or it was ended early). */
export function isPastDeadline(c: Closing, now: Date): boolean {
  return now.getTime() >= new Date(closesAt(c)).getTime();
}

/** The date a letter prints for a deadline: D for "trước ngày D", D for "chậm nhất ngày D". */
export function deadlineDisplayDate(rule: DeadlineRule, deadlineAt: string | Date): string {
  const at = new Date(deadlineAt);
  return rule === 'by_end_of_date' ? vnDate(new Date(at.getTime() - 1)) : vnDate(at);
}

/** Whole days left before the deadline, rounded up; 0 once it has passed. */
export function daysLeft(deadlineAt: string | Date, now: Date): number {
  const ms = new Date(deadlineAt).getTime() - now.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

/** ISO-8601 with the Vietnam offset, e.g. 2020-04-27T00:00:00+07:00. */
export function toVnIso(at: string | Date): string {
  const shifted = new Date(new Date(at).getTime() + VN_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 19)}+07:00`;
}

/** dd/mm/yyyy */
export function formatVnDate(at: string | Date): string {
  const iso = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(at) ? at : vnDate(new Date(at));
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** HH:mm dd/mm/yyyy in Vietnam time. */
export function formatVnDateTime(at: string | Date): string {
  const shifted = new Date(new Date(at).getTime() + VN_OFFSET_MS).toISOString();
  return `${shifted.slice(11, 16)} ${formatVnDate(at)}`;
}
