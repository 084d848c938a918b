// Advisories the audit step ignores, each by its exact URL, with the reason in the README
// ("Dependencies and advisories"). Nothing broader: another advisory of the same package still counts.
const IGNORED_ADVISORIES = [
  // pdfjs-dist >=5.6.83 <6.2.108, "arbitrary JavaScript execution upon opening a malicious PDF".
  // Fixed only in 6.2.108, and every pdfjs-dist from 5.7 on requires Node >= 22.13 while the portal
  // supports Node 20. The portal only extracts text from a PDF, in a worker thread, with
  // isEvalSupported: false, and never renders a PDF or serves pdf.js to a browser.
  'https://github.com/advisories/GHSA-hq66-cqwq-w95j',
];

const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'];

/**
 * `npm audit --json`'s `vulnerabilities` without the ignored advisories: a package stays when an
 * advisory of its own, or a dependency that stays, still makes it vulnerable; its severity is
 * the highest of what is left.
 */
function withoutIgnored(vulnerabilities, ignored = IGNORED_ADVISORIES) {
  const skip = new Set(ignored);
  const kept = new Map();
  for (const [name, entry] of Object.entries(vulnerabilities || {})) {
    kept.set(name, { ...entry, via: (entry.via || []).filter((v) => typeof v === 'string' || !skip.has(v.url)) });
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const [name, entry] of kept) {
      const via = entry.via.filter((v) => typeof v !== 'string' || kept.has(v));
      if (via.length === 0) {
        kept.delete(name);
        changed = true;
      } else if (via.length !== entry.via.length) {
        kept.set(name, { ...entry, via });
        changed = true;
      }
    }
  }
  const severityOf = (name, seen = new Set()) => {
    if (seen.has(name) || !kept.has(name)) return -1;
    seen.add(name);
    return Math.max(...kept.get(name).via.map((v) => (typeof v === 'string' ? severityOf(v, seen) : SEVERITIES.indexOf(v.severity))));
  };
  const result = {};
  for (const [name, entry] of kept) result[name] = { ...entry, severity: SEVERITIES[severityOf(name)] || entry.severity };
  return result;
}

/** How many packages are vulnerable at each severity, as npm audit's metadata counts them. */
function countBySeverity(vulnerabilities) {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  for (const entry of Object.values(vulnerabilities)) counts[entry.severity] = (counts[entry.severity] || 0) + 1;
  return counts;
}

module.exports = { IGNORED_ADVISORIES, withoutIgnored, countBySeverity };
