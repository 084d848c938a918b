import { createServer } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ParsedMail[];
  /** Keeps every message waiting at RCPT TO (the mail stays queued in the portal) until the returned function is called. */
  hold(): () => void;
  close(): Promise<void>;
}

type Refusal = { stage: 'rcpt' | 'data'; code: number; message: string };

/** A real SMTP server on 127.0.0.1 that parses what it receives; it can refuse recipients or data with a code. */
export async function startSmtpServer(options: { port?: number; refuse?: Refusal } = {}): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  let held: Promise<void> = Promise.resolve();
  const refusal = (refuse: Refusal) => Object.assign(new Error(refuse.message), { responseCode: refuse.code });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      void held.then(() => {
        if (options.refuse?.stage === 'rcpt') return callback(refusal(options.refuse));
        callback();
      });
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (options.refuse?.stage === 'data') return callback(refusal(options.refuse));
          received.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP server has no port');
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    hold() {
      let release = (): void => undefined;
      held = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 that nothing listens on (until a test starts a server there). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const address = probe.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return address.port;
}
