import type { Socket } from 'node:net';
import { MESSAGES, render, type Language, type Message } from './messages.js';
import { languageOf } from './negotiation.js';

/** What Node's HTTP parser refused, by its error code: status, reason phrase, our code and words. */
const CLIENT_ERRORS: Record<string, { status: number; reason: string; code: string; message: Message }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', code: 'headers_too_large', message: MESSAGES.headersTooLarge },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'timeout', message: MESSAGES.requestTimeout },
};
const MALFORMED = { status: 400, reason: 'Bad Request', code: 'bad_request', message: MESSAGES.badRequest };

/** The language of the raw request's Accept-Language, as for any request (http/negotiation.ts). */
function rawLanguageOf(raw: unknown): Language {
  const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : '';
  return languageOf(/^accept-language:([^\r\n]*)/im.exec(text)?.[1]);
}

/**
 * Answers a request Node's HTTP parser could not read (malformed framing, oversized headers, a
 * timeout) in Ritm's error shape instead of Fastify's own, and closes the connection: after
 * broken framing nothing more on it can be trusted.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const known = (error.code && CLIENT_ERRORS[error.code]) || MALFORMED;
  const body = JSON.stringify({ error: { code: known.code, message: render(known.message, rawLanguageOf(error.rawPacket)) } });
  socket.end(
    `HTTP/1.1 ${known.status} ${known.reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
