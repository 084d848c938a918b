import type { ParsedMail } from 'mailparser';
import type { MailTransport } from '../../src/mail/transport';
import type { TestSmtpServer } from './smtp';

/**
 * Mail kept in memory, for tests about what the portal sends rather than how: the same `received`
 * and `hold()` as the real SMTP server of ./smtp.ts (which stays where delivery itself is tested),
 * without a socket and a MIME parse per message.
 */
export interface TestMailbox extends TestSmtpServer {
  transport: MailTransport;
}

const addresses = (list: string | null | undefined) =>
  list ? { text: list, html: list, value: list.split(',').map((a) => ({ address: a.trim(), name: '' })) } : undefined;

export function createMailbox(): TestMailbox {
  const received: ParsedMail[] = [];
  let held: Promise<void> = Promise.resolve();
  let sent = 0;
  return {
    port: 0,
    url: 'memory:',
    received,
    transport: {
      async send(message) {
        await held;
        received.push({ subject: message.subject, text: message.text, html: message.html ?? false, to: addresses(message.to), cc: addresses(message.cc) } as unknown as ParsedMail);
        return { messageId: `<${++sent}@mailbox.test>` };
      },
    },
    hold() {
      let release = (): void => undefined;
      held = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
    close: async () => undefined,
  };
}
