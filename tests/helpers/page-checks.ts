/// <reference lib="dom" />
import type { CDPSession, Page } from 'playwright-core';
import { seriousAxeViolations } from './axe';

// Checks a browser test runs on a page as it stands, through the DevTools protocol: that works with
// the page's JavaScript turned off and is not governed by its Content-Security-Policy.


/**
 * Families that carry Vietnamese with its stacked marks placed right, as the stylesheets ask for
 * them. DejaVu Sans Mono, Debian's generic monospace, is not among them: it draws "cấp" as "câṕ".
 */
export const VIETNAMESE_FONTS = [
  'Times New Roman',
  'Arial',
  'Courier New',
  'Liberation Serif',
  'Liberation Sans',
  'Liberation Mono',
  'Noto Serif',
  'Noto Sans',
  'Noto Sans Mono',
  'DejaVu Serif',
  'DejaVu Sans',
];

export class PageChecks {
  private cdp: CDPSession | null = null;

  constructor(readonly page: Page) {}

  private async session(): Promise<CDPSession> {
    this.cdp ??= await this.page.context().newCDPSession(this.page);
    return this.cdp;
  }

  async inspect<T>(expression: string): Promise<T> {
    const cdp = await this.session();
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`${expression.slice(0, 80)}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  }

  /** Runs a function of the page's own world, given as source (it has no access to the test's scope). */
  run<T>(fn: () => T): Promise<T> {
    return this.inspect<T>(`(${fn.toString()})()`);
  }

  seriousAxeViolations(): Promise<string[]> {
    return seriousAxeViolations((source) => this.inspect(source));
  }

  /** What a phone user could not see or reach: see layoutProblems below. */
  layout(): Promise<string[]> {
    return this.run(layoutProblems);
  }

  /**
   * Every element with Vietnamese text of its own, and the fonts the browser really drew it with
   * (CSS.getPlatformFontsForNode): those outside VIETNAMESE_FONTS, and every family used.
   */
  async fonts(): Promise<{ wrong: string[]; families: Map<string, number> }> {
    const marked = await this.run(markVietnameseText);
    const cdp = await this.session();
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-font-check]' });
    const families = new Map<string, number>();
    const wrong: string[] = [];
    // Asked all at once (one round trip's wait, not one per element), read in document order.
    const perNode = await Promise.all(nodeIds.map((nodeId) => cdp.send('CSS.getPlatformFontsForNode', { nodeId })));
    for (const [i, { fonts }] of perNode.entries()) {
      for (const f of fonts) families.set(f.familyName, (families.get(f.familyName) ?? 0) + f.glyphCount);
      const bad = fonts.filter((f) => !VIETNAMESE_FONTS.includes(f.familyName));
      if (bad.length && wrong.length < 8) wrong.push(`${marked[i] ?? '?'} drawn with ${bad.map((f) => f.familyName).join(', ')}`);
    }
    await cdp.send('CSS.disable');
    await cdp.send('DOM.disable');
    return { wrong, families };
  }

  /** The fonts one element's text is drawn with. */
  async fontsOf(selector: string): Promise<string[]> {
    const cdp = await this.session();
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`no ${selector} on the page`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    await cdp.send('CSS.disable');
    await cdp.send('DOM.disable');
    return fonts.map((f) => f.familyName);
  }

  /**
   * Presses Tab from the top of the page until the focus leaves it, and answers which controls were
   * never reached, which were reached outside the viewport (or their scroll box), and which did not
   * show their focus. A radio group counts as reached when one of its buttons is.
   */
  async tabThrough(max = 800): Promise<{ reached: number; missed: string[]; hidden: string[] }> {
    const expected = await this.run(markTabbable);
    await this.inspect('document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); true');
    const reached = new Set<string>();
    const hidden: string[] = [];
    let last = '';
    for (let i = 0; i < max; i++) {
      await this.page.keyboard.press('Tab');
      const at = await this.run(focusedControl);
      if (!at) {
        if (reached.size) break;
        continue;
      }
      // Tab moves within a time field (hours, then minutes) before leaving it; any other repeat is the way round.
      if (at.key === last) continue;
      if (reached.has(at.key)) break;
      last = at.key;
      reached.add(at.key);
      if (at.problem && hidden.length < 8) hidden.push(`${at.name}: ${at.problem}`);
    }
    const missed = Object.entries(expected)
      .filter(([key]) => !reached.has(key))
      .map(([, name]) => name);
    return { reached: reached.size, missed: missed.slice(0, 8), hidden };
  }
}

// The functions below run inside the page (stringified): they may use nothing from this module.

/**
 * At the page's width: elements that stick out past the viewport outside a box that scrolls them;
 * controls that, once focused and scrolled into view, are not within the viewport (or their scroll
 * box) or lie under something else; scroll boxes that a keyboard cannot reach or a screen reader
 * cannot name; links of the site's navigation broken over lines.
 */
function layoutProblems(): string[] {
  const problems: string[] = [];
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const name = (el: Element) => {
    const text = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? el.getAttribute('name') ?? '').trim().replace(/\s+/gu, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${Array.from(el.classList, (c) => `.${c}`).join('')}${text ? ` "${text}"` : ''}`;
  };
  const scrolls = (el: Element) => {
    const style = getComputedStyle(el);
    // Only a box the user can scroll: hidden overflow (a visually hidden text) is no scroll box.
    return (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) || (['auto', 'scroll'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
  };
  const scrollBoxOf = (el: Element): Element | null => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a)) return a;
    return null;
  };

  for (const el of Array.from(document.querySelectorAll('body *'))) {
    if (el.getBoundingClientRect().right <= vw + 0.5) continue;
    let escapes = getComputedStyle(el).position === 'absolute';
    let inside = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== 'visible' && !escapes) {
        inside = true;
        break;
      }
      if (style.position !== 'static') escapes = false;
    }
    if (!inside) problems.push(`${name(el)} sticks out to ${Math.round(el.getBoundingClientRect().right)} px`);
  }

  for (const box of Array.from(document.querySelectorAll('body *:not(textarea):not(select)')).filter(scrolls)) {
    const labelled = box.hasAttribute('aria-label') || box.hasAttribute('aria-labelledby');
    if ((box as HTMLElement).tabIndex < 0 || !labelled || !box.getAttribute('role')) problems.push(`${name(box)} scrolls but is not a focusable, labelled region`);
  }

  const controls = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary');
  for (const el of Array.from(controls) as HTMLElement[]) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue; // not shown (inside a closed <details>)
    if (el.tabIndex < 0 && el.closest('[aria-hidden="true"]')) continue; // out of the tab order and hidden from assistive technology (a form's implicit-submit button)
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    const box = scrollBoxOf(el)?.getBoundingClientRect() ?? { left: 0, right: vw, top: 0, bottom: vh };
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < Math.max(0, box.top) - 1 || r.bottom > Math.min(vh, box.bottom) + 1) {
      problems.push(`${name(el)} is outside the screen or its scroll box (${Math.round(r.left)}–${Math.round(r.right)} px of ${vw})`);
      continue;
    }
    const first = el.getClientRects()[0]!;
    const hit = document.elementFromPoint(first.left + Math.min(first.width / 2, 4), first.top + first.height / 2);
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    if (hit && !el.contains(hit) && !hit.contains(el) && !(label && label.contains(hit))) problems.push(`${name(el)} is covered by ${name(hit)}`);
  }
  (document.activeElement as HTMLElement | null)?.blur();
  window.scrollTo(0, 0);

  for (const link of Array.from(document.querySelectorAll('header nav a'))) {
    const lines = new Set(Array.from(link.getClientRects(), (r) => Math.round(r.top)));
    if (lines.size > 1) problems.push(`${name(link)} breaks over ${lines.size} lines`);
  }
  return problems.slice(0, 12);
}

/** Marks each shown element holding Vietnamese text of its own; answers a short name for each, in document order. */
function markVietnameseText(): string[] {
  const vietnamese = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/iu;
  const names: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = (node as Text).data;
    if (!el || el.hasAttribute('data-font-check') || !vietnamese.test(text) || !el.checkVisibility()) continue;
    el.setAttribute('data-font-check', '');
    names.push(`${el.tagName.toLowerCase()}${Array.from(el.classList, (c) => `.${c}`).join('')} "${text.trim().slice(0, 30)}"`);
  }
  return names;
}

/** Marks every control Tab should reach (shown, enabled, in the tab order); answers their names by key. */
function markTabbable(): Record<string, string> {
  const expected: Record<string, string> = {};
  const controls = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]');
  Array.from(controls).forEach((el, i) => {
    const h = el as HTMLElement & { disabled?: boolean };
    if (h.tabIndex < 0 || h.disabled || !h.checkVisibility({ visibilityProperty: true })) return;
    const input = el as HTMLInputElement;
    const key = input.type === 'radio' ? `radio:${input.form ? Array.from(document.forms).indexOf(input.form) : -1}:${input.name}` : `c${i}`;
    el.setAttribute('data-tab-key', key);
    expected[key] = `${el.tagName.toLowerCase()} "${(h.innerText || h.getAttribute('aria-label') || input.name || '').trim().slice(0, 40)}"`;
  });
  return expected;
}

/** The focused control: its key, and whether it is shown within the viewport (or its scroll box) with a visible focus. */
function focusedControl(): { key: string; name: string; problem: string | null } | null {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return null;
  const key = el.getAttribute('data-tab-key') ?? `unmarked:${el.tagName}:${el.id}`;
  const r = el.getBoundingClientRect();
  let box = { left: 0, right: document.documentElement.clientWidth, top: 0, bottom: window.innerHeight };
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const style = getComputedStyle(a);
    if ((['auto', 'scroll'].includes(style.overflowX) && a.scrollWidth > a.clientWidth + 1) || (['auto', 'scroll'].includes(style.overflowY) && a.scrollHeight > a.clientHeight + 1)) {
      box = a.getBoundingClientRect();
      break;
    }
  }
  let problem: string | null = null;
  if (r.right < box.left || r.left > box.right || r.bottom < Math.max(0, box.top) || r.top > Math.min(window.innerHeight, box.bottom)) problem = 'focused out of sight';
  else if (getComputedStyle(el).outlineStyle === 'none' && getComputedStyle(el).boxShadow === 'none') problem = 'focus not shown';
  return { key, name: `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`, problem };
}
