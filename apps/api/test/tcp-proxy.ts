import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a PostgreSQL server, which a test can tell to cut the
 * connection that sends the n-th statement from now: the server seen to go away in the middle of
 * a request, at a chosen point of it, without stopping it. The client's bytes are read as the
 * protocol frames them (a startup message, then messages of a type byte and a length), so a
 * statement is counted once however TCP splits or joins them: at its Query message (`Q`, the
 * simple protocol) or its Bind message (`B`, once per execution of a prepared statement).
 * Starting a connection and signing in are not counted. For connections without TLS (as the
 * tests' clusters are): a request for TLS the server accepted would leave the rest unframed.
 */
export interface TcpProxy {
  /** `url` with the proxy's host and port in place of the server's. */
  url: string;
  /** Cuts the connection that sends the `nth` statement from now (both sides, before the server reads all of it); 0 cuts none. */
  cutAt(nth: number): void;
  /** Connections cut so far. */
  readonly cuts: number;
  close(): Promise<void>;
}

const QUERY = 'Q'.charCodeAt(0);
const BIND = 'B'.charCodeAt(0);

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
      socket.on('error', () => undefined);
    }
    // The client's messages: the first has no type byte (the startup message, or a request for
    // TLS or to cancel, which is all a connection sends before its startup message).
    let pending = Buffer.alloc(0);
    let typed = false;
    const statementsIn = (chunk: Buffer): number => {
      pending = Buffer.concat([pending, chunk]);
      let statements = 0;
      for (;;) {
        const head = typed ? 5 : 4;
        if (pending.length < head) return statements;
        const length = pending.readInt32BE(typed ? 1 : 0);
        const size = (typed ? 1 : 0) + length;
        if (pending.length < size) return statements;
        if (typed && (pending[0] === QUERY || pending[0] === BIND)) statements++;
        // An SSL request (80877103) is answered before the startup message, which is untyped too.
        if (!typed && !(length === 8 && pending.readInt32BE(4) === 80877103)) typed = true;
        pending = pending.subarray(size);
      }
    };
    client.on('data', (chunk: Buffer) => {
      const statements = statementsIn(chunk);
      if (countdown > 0 && statements >= countdown) {
        countdown = 0;
        cuts++;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (countdown > 0) countdown -= statements;
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
