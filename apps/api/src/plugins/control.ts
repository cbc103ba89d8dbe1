import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import fp from 'fastify-plugin';
import { removeControlFile, writeControlFile } from '../db/control-file.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Whether a request carries this start's control secret (`Authorization: Bearer …`). Only on
     * the embedded database in a data folder: elsewhere nothing is accepted.
     */
    isControlRequest(authorization: string | undefined): boolean;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * The control channel's server side (issue 14). On the embedded database one process holds the
 * data folder, so a command run beside `ritm serve` (`ritm jobs`, `ritm digest`) asks the server:
 * once it listens, the server writes `<dataDir>/ritm-control.json` (its loopback address and a
 * fresh random secret, mode 0600) and removes it on close. The routes under `/api/control` accept
 * that secret only (`routes/control`).
 */
export default fp(
  async (app) => {
    const { database, ritmConfig } = app;
    const onDisk = database.kind === 'pglite' && database.location !== 'memory';
    const token = onDisk ? randomBytes(32).toString('base64url') : undefined;
    const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
    // Hashes of equal length, compared in constant time: the secret does not leak by timing.
    app.decorate('isControlRequest', (authorization: string | undefined) => expected !== undefined && authorization !== undefined && timingSafeEqual(digest(authorization), expected));
    if (token === undefined) return;
    let written = false;
    app.addHook('onListen', async () => {
      const address = app.server.address() as AddressInfo | null;
      if (!address || written) return;
      writeControlFile(ritmConfig.dataDir, { url: `http://${loopback(address)}:${address.port}`, token });
      written = true;
    });
    app.addHook('onClose', async () => {
      if (written) removeControlFile(ritmConfig.dataDir, token);
    });
  },
  { name: 'control', dependencies: ['database'] },
);

/** How a command on this machine reaches the server: its own address, or loopback for a wildcard. */
function loopback(address: AddressInfo): string {
  if (address.family === 'IPv6') return address.address === '::' ? '[::1]' : `[${address.address}]`;
  return address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
}
