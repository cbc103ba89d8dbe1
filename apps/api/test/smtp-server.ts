import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it: the envelope, the raw source and the parsed mail. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>` for RITM_SMTP_URL. */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Every RCPT TO the server was asked for, taken or refused. */
  readonly attempts: string[];
  /** From now on, refuse every recipient with this SMTP answer (e.g. 451 or 550), or take them again (undefined). */
  refuse(answer: { code: number; message: string } | undefined): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (a random port), no TLS and no login, that keeps what it is
 * given: what Ritm's mail tests deliver to.
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const attempts: string[] = [];
  let refusal: { code: number; message: string } | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      attempts.push(address.address);
      if (refusal) {
        const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              raw,
              parsed,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    attempts,
    refuse(answer) {
      refusal = answer;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
