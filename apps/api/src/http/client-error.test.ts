import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError } from './client-error.js';

// A request Node's parser refuses (a header line without a colon) is answered in our shape, in
// the language its Accept-Language prefers, as any other request is.
describe('answerClientError', () => {
  const server = http.createServer((_request, response) => response.end());
  let port: number;
  beforeAll(async () => {
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const malformed = (acceptLanguage: string | undefined) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      socket.setTimeout(5_000, () => socket.destroy(new Error('no answer in 5 s')));
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
      const language = acceptLanguage === undefined ? '' : `Accept-Language: ${acceptLanguage}\r\n`;
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n${language}not a header\r\n\r\n`);
    });

  it.each([
    [undefined, 'Некорректный запрос'],
    ['en', 'Bad request'],
    ['ru;q=0.5, en;q=0.9', 'Bad request'],
    ['en;q=0, de', 'Некорректный запрос'],
    ['ru-RU, en', 'Некорректный запрос'],
  ])('Accept-Language %j: 400 saying %j', async (acceptLanguage, words) => {
    const answer = await malformed(acceptLanguage);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };
    expect(body.error).toEqual({ code: 'bad_request', message: words });
  });
});
