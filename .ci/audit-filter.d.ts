export interface AuditAdvisory {
  source?: number;
  name?: string;
  title?: string;
  url: string;
  severity: string;
  range?: string;
}
export interface AuditEntry {
  name: string;
  severity: string;
  via: (string | AuditAdvisory)[];
  [key: string]: unknown;
}
export const IGNORED_ADVISORIES: string[];
export function withoutIgnored(vulnerabilities: Record<string, AuditEntry>, ignored?: string[]): Record<string, AuditEntry>;
export function countBySeverity(vulnerabilities: Record<string, AuditEntry>): Record<string, number>;
