import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { MailMessage, Mailer } from './mailer.js';

/** How long a silent SMTP server is waited for: a stuck delivery must not outlive its lease. */
const SMTP_TIMEOUT_MS = 30_000;

/** Why an SMTP server refused a message, in its own words when it gave any (`550 5.1.1 No such user`). */
export class MailRefusedError extends Error {
  constructor(
    message: string,
    /** The SMTP reply code, when the server answered one (4xx: try later; 5xx: it will not take it). */
    readonly responseCode: number | undefined,
  ) {
    super(message);
    this.name = 'MailRefusedError';
  }
}

/**
 * The mailer of this process: nodemailer over RITM_SMTP_URL, sending as RITM_MAIL_FROM; undefined
 * when no SMTP server is configured (nothing is mailed then, and nothing fails).
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | undefined {
  if (!config.smtpUrl || !config.mailFrom) return undefined;
  const from = config.mailFrom;
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    from,
    async send(message: MailMessage) {
      try {
        const info = await transport.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
          // Never fetch what a mail names: links stay links.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        return { messageId: info.messageId };
      } catch (error) {
        throw refusal(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

/** The server's answer when there is one (what `ritm jobs` shows), else what went wrong on the way. */
function refusal(error: unknown): MailRefusedError {
  const found = error as { response?: unknown; responseCode?: unknown; message?: unknown; code?: unknown };
  const answer = typeof found.response === 'string' && found.response !== '' ? found.response : undefined;
  const text = answer ?? [found.code, found.message].filter((part) => typeof part === 'string' && part !== '').join(': ');
  return new MailRefusedError(text || String(error), typeof found.responseCode === 'number' ? found.responseCode : undefined);
}
