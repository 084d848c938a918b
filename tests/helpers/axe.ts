/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

declare const axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs script source in the page and answers its value: `page.evaluate`, or the DevTools protocol, which works with the page's JavaScript off. */
export type Evaluate = <T>(source: string) => Promise<T>;

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function runAxe(): Promise<AxeViolation[]> {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
}

/**
 * axe-core's serious and critical violations on the page as it stands, one line each with the
 * elements at fault. Script source evaluated this way is not governed by the page's
 * Content-Security-Policy (no inline script).
 */
export async function seriousAxeViolations(evaluate: Evaluate): Promise<string[]> {
  await evaluate(`${AXE_SOURCE}; true`);
  const violations = await evaluate<AxeViolation[]>(`(${runAxe.toString()})()`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${(n.failureSummary ?? '').replace(/\s+/gu, ' ')}`).join('; ')}`);
}

/** `Evaluate` through the page's own JavaScript. */
export const evaluateIn =
  (page: Page): Evaluate =>
  <T>(source: string) =>
    page.evaluate(source) as Promise<T>;
