// The seam between Ritm and whatever delivers its mail (issue 14): nodemailer over SMTP when
// RITM_SMTP_URL is set (`smtp-mailer.ts`); absent, there is no mailer, notifications stay in-app
// and nothing fails.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). */
  headers: Record<string, string>;
}

export interface Mailer {
  /** Delivers one message to the SMTP server; throws with the server's answer when it refuses. */
  send(message: MailMessage): Promise<{ messageId: string }>;
  /** The `From` address (RITM_MAIL_FROM). */
  readonly from: string;
  close(): void;
}
