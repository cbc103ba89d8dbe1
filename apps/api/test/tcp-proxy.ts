import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a PostgreSQL server, which a test can tell to cut the
 * connection that sends the n-th statement from now: the server seen to go away in the middle of
 * a request, at a chosen point of it, without stopping it. A statement is a client message that
 * starts with the protocol's Query, Parse or Bind message (`Q`, `P`, `B`): starting a connection
 * and signing in are not counted.
 */
export interface TcpProxy {
  /** `url` with the proxy's host and port in place of the server's. */
  url: string;
  /** Cuts the connection that sends the `nth` statement from now (both sides, before the server reads it); 0 cuts none. */
  cutAt(nth: number): void;
  /** Connections cut so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

const STATEMENTS = new Set(['Q', 'P', 'B'].map((c) => c.charCodeAt(0)));

export async function startTcpProxy(serverUrl: string): Promise<TcpProxy> {
  const target = new URL(serverUrl);
  const sockets = new Set<net.Socket>();
  let countdown = 0;
  let cuts = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A cut or closed side: the other goes too, as a lost connection does.
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      if (countdown > 0 && STATEMENTS.has(chunk[0]!) && --countdown === 0) {
        cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cutAt(nth) {
      countdown = nth;
    },
    get cuts() {
      return cuts;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
