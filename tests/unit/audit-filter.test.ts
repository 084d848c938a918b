import { type AuditEntry, countBySeverity, withoutIgnored } from '../../.ci/audit-filter';

const PDFJS = 'https://github.com/advisories/GHSA-hq66-cqwq-w95j';
const advisory = (url: string, severity: string) => ({ url, severity, title: 'advisory', name: 'pdfjs-dist' });

describe('the audit step', () => {
  it('when pdfjs-dist has only GHSA-hq66-cqwq-w95j then nothing high is left', () => {
    const report: Record<string, AuditEntry> = { 'pdfjs-dist': { name: 'pdfjs-dist', severity: 'high', via: [advisory(PDFJS, 'high')] } };
    expect(countBySeverity(withoutIgnored(report))).toMatchObject({ high: 0, critical: 0 });
  });

  it('when pdfjs-dist has another advisory too then that one still counts', () => {
    const report: Record<string, AuditEntry> = {
      'pdfjs-dist': { name: 'pdfjs-dist', severity: 'critical', via: [advisory(PDFJS, 'high'), advisory('https://github.com/advisories/GHSA-aaaa-bbbb-cccc', 'critical')] },
    };
    expect(withoutIgnored(report)['pdfjs-dist']?.severity).toBe('critical');
  });

  it('when a package is vulnerable only through pdfjs-dist then it is left out as well, and others stay', () => {
    const report: Record<string, AuditEntry> = {
      'pdfjs-dist': { name: 'pdfjs-dist', severity: 'high', via: [advisory(PDFJS, 'high')] },
      wrapper: { name: 'wrapper', severity: 'high', via: ['pdfjs-dist'] },
      other: { name: 'other', severity: 'high', via: [advisory('https://github.com/advisories/GHSA-dddd-eeee-ffff', 'high')] },
    };
    expect(Object.keys(withoutIgnored(report))).toEqual(['other']);
    expect(countBySeverity(withoutIgnored(report))).toMatchObject({ high: 1 });
  });
});
