import { addDays, closesAt, daysLeft, deadlineDisplayDate, deadlineInstant, formatVnDate, formatVnDateTime, isPastDeadline, toVnIso, vnDate } from '../../src/time';

const open = (at: Date) => ({ deadline_at: at.toISOString(), closed_at: null });

describe('deadlines in Vietnam time', () => {
  it('"trước ngày 27/4/2020" closes at 00:00 of 27/4 in Vietnam', () => {
    const at = deadlineInstant('before_date', '2020-04-27');
    expect(at.toISOString()).toBe('2020-04-26T17:00:00.000Z');
    expect(toVnIso(at)).toBe('2020-04-27T00:00:00+07:00');
    expect(isPastDeadline(open(at), new Date('2020-04-26T16:59:59.999Z'))).toBe(false);
    expect(isPastDeadline(open(at), new Date('2020-04-26T17:00:00.000Z'))).toBe(true);
    expect(deadlineDisplayDate('before_date', at)).toBe('2020-04-27');
  });

  it('"chậm nhất ngày 27/4/2020" closes at 24:00 of 27/4 in Vietnam', () => {
    const at = deadlineInstant('by_end_of_date', '2020-04-27');
    expect(toVnIso(at)).toBe('2020-04-28T00:00:00+07:00');
    expect(isPastDeadline(open(at), new Date('2020-04-27T16:59:59.999Z'))).toBe(false);
    expect(isPastDeadline(open(at), new Date('2020-04-27T17:00:00.000Z'))).toBe(true);
    expect(deadlineDisplayDate('by_end_of_date', at)).toBe('2020-04-27');
  });

  it('counts the Vietnamese calendar day, not the UTC one', () => {
    expect(vnDate(new Date('2026-11-29T16:59:59Z'))).toBe('2026-11-29');
    expect(vnDate(new Date('2026-11-29T17:00:00Z'))).toBe('2026-11-30');
    expect(addDays('2026-12-28', 6)).toBe('2027-01-03');
    expect(addDays('2024-02-27', 2)).toBe('2024-02-29');
  });

  it('formats dd/mm/yyyy and HH:mm dd/mm/yyyy', () => {
    expect(formatVnDate('2020-04-21')).toBe('21/04/2020');
    expect(formatVnDateTime('2020-04-26T17:00:00.000Z')).toBe('00:00 27/04/2020');
  });

  it('counts the days left, rounded up, and none once passed', () => {
    const deadline = '2026-12-04T17:00:00.000Z';
    expect(daysLeft(deadline, new Date('2026-11-29T03:00:00Z'))).toBe(6);
    expect(daysLeft(deadline, new Date('2026-12-04T16:00:00Z'))).toBe(1);
    expect(daysLeft(deadline, new Date('2026-12-04T17:00:00Z'))).toBe(0);
  });
});

describe('a consultation ended early', () => {
  it('when the office ends it before its deadline then it is closed from that moment, whatever the deadline says', () => {
    const c = { deadline_at: '2020-04-26T17:00:00.000Z', closed_at: '2020-04-20T08:38:00.000Z' };
    expect(isPastDeadline(c, new Date('2020-04-20T08:37:59.999Z'))).toBe(false);
    expect(isPastDeadline(c, new Date('2020-04-20T08:38:00.000Z'))).toBe(true);
    expect(daysLeft(closesAt(c), new Date('2020-04-20T08:00:00.000Z'))).toBe(1);
  });
});
