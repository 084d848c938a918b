import { isIPv6 } from 'node:net';

/**
 * A client address as the limits count it. An IPv4 address is itself (also when written as
 * IPv4-mapped IPv6); an IPv6 client is its /64, the network one household or one host is given,
 * since it can change the rest of its address at will.
 */
export function addressKeyOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/iu.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/u, '')).join(':')}::/64`;
}

// Providers where dots in the local part are ignored: all of them deliver to one mailbox.
const DOTLESS = new Set(['gmail.com', 'googlemail.com']);

/**
 * An e-mail address as the limits and caps count it: lower case, without a "+tag" (one mailbox
 * receives every tagged address), and for Gmail without dots and under one domain.
 */
export function emailKeyOf(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (DOTLESS.has(domain)) {
    local = local.replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}
