import { z } from 'zod';

const emailSchema = z.email();

/**
 * Addresses typed one a line or separated by commas, semicolons or spaces (as Outlook and Excel write them):
 * lower-cased, de-duplicated in their first order, with the ones that are not addresses set apart.
 */
export function splitEmails(text: string): { emails: string[]; invalid: string[] } {
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const part of text.split(/[\s,;]+/u)) {
    const address = part.trim().toLowerCase();
    if (!address) continue;
    if (address.length > 254 || !emailSchema.safeParse(address).success) {
      if (!invalid.includes(part.trim())) invalid.push(part.trim());
    } else if (!emails.includes(address)) {
      emails.push(address);
    }
  }
  return { emails, invalid };
}
