import { addDays, vnDate, vnMidnight } from '../../src/time';

/**
 * The test calendar starts from the real date, never a literal: browsers and cookie jars judge
 * expiry by the real clock. Day 0 is today in Vietnam; its "now" is 10:00 Vietnam time, a round
 * hour so deadlines and times in the pages stay readable.
 */
export const TEST_TODAY = vnDate(new Date());

/** YYYY-MM-DD of a day counted from today. */
export function day(offset: number): string {
  return addDays(TEST_TODAY, offset);
}

/** dd/mm/yyyy of a day counted from today, as the pages print it. */
export function dmy(offset: number): string {
  const d = day(offset);
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

/** YYYYMMDD, as receipt numbers carry it. */
export function compactDay(offset: number): string {
  return day(offset).replaceAll('-', '');
}

/** The instant HH:mm (Vietnam time) of a day counted from today, as ISO-8601 in UTC. */
export function at(offset: number, time = '00:00'): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(vnMidnight(day(offset)).getTime() + (h * 60 + m) * 60_000).toISOString();
}

/** The same instant written with the Vietnam offset, as the API answers it: 2026-12-05T00:00:00+07:00. */
export function atVn(offset: number, time = '00:00'): string {
  return `${day(offset)}T${time}:00+07:00`;
}

export const TEST_NOW = at(0, '10:00');
