import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config';

export interface OutgoingMail {
  /** The outbox row's id: names the .eml file and shows in logs. */
  id: number;
  template: string;
  to: string;
  cc?: string | null;
  subject: string;
  text: string;
  html?: string | null;
}

export interface MailTransport {
  /** Resolves once the server (or the disk) has taken the message; rejects with the reason otherwise. */
  send(message: OutgoingMail): Promise<{ messageId: string }>;
}

// A dead or silent server must fail within seconds: the outbox retries later anyway.
const SMTP_TIMEOUTS = { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 15000 };

export function createTransport(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>): MailTransport {
  return config.smtpUrl
    ? smtpTransport(config.smtpUrl, config.mailFrom)
    : emlFileTransport(path.join(config.dataDir, 'outbox'), config.mailFrom);
}

function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, ...SMTP_TIMEOUTS });
  return {
    async send(message) {
      const info = await transporter.sendMail(mailOptions(message, from));
      return { messageId: info.messageId };
    },
  };
}

/** Without SMTP the portal still works offline: each message becomes an RFC 822 file an officer can open. */
function emlFileTransport(dir: string, from: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(message) {
      const info = await composer.sendMail(mailOptions(message, from));
      await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      const target = path.join(dir, emlFileName(message));
      const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(temp, info.message as Buffer, { flag: 'wx', mode: PRIVATE_FILE_MODE });
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return { messageId: info.messageId };
    },
  };
}

/** e.g. 000123-invitation.eml: ids grow with time, so the folder lists in sending order. */
export function emlFileName(message: Pick<OutgoingMail, 'id' | 'template'>): string {
  const template = message.template.replace(/[^a-z0-9_-]+/giu, '_');
  return `${String(message.id).padStart(6, '0')}-${template}.eml`;
}

function mailOptions(message: OutgoingMail, from: string) {
  return {
    from,
    to: message.to,
    cc: message.cc ?? undefined,
    subject: message.subject,
    text: message.text,
    html: message.html ?? undefined,
    headers: { 'X-Gopy-Outbox-Id': String(message.id) },
  };
}
