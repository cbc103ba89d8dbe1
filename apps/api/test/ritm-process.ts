import { spawn, type ChildProcess } from 'node:child_process';
import { compiledBin } from './compiled-bin.js';

/** Where `ritm serve`'s banner says it listens, in either language (the locale's; Russian by default). */
export const SERVING_AT = /(?:Ritm is running at|Ритм работает:) (http:\/\/\S+?)\/?\s/;

/** A `ritm` command running in its own process, as an operator starts it. */
export interface RitmProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the URL `ritm serve` prints once it listens; rejects if it exits first. */
  listening: Promise<string>;
  /** Resolves with the exit code (or 128 + signal number). */
  exited: Promise<number>;
  alive(): boolean;
}

/**
 * `ritm` exactly as an operator starts it: the program itself (`bin/ritm.mjs`, its first line's
 * node flags included, as for `pnpm start`). It loads the build in its own process (`env` execs
 * node), so the child's pid is the server's and a `kill -9` reaches it.
 */
export function startRitm(args: string[], env: Record<string, string>): RitmProcess {
  return watch(spawn(compiledBin(), args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }), args);
}

function watch(child: ChildProcess, args: string[]): RitmProcess {
  let output = '';
  let running = true;
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => {
      running = false;
      resolve(code ?? (signal === 'SIGKILL' ? 137 : 128));
    }),
  );
  const listening = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = SERVING_AT.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => reject(new Error(`ritm ${args.join(' ')} exited with ${code}: ${output.slice(-2000)}`)));
  });
  listening.catch(() => {});
  return { child, output: () => output, listening, exited, alive: () => running };
}

/** Waits until `condition` holds, polling; rejects with `what` after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Signs in over HTTP and returns the cookie header a browser would send. */
export async function signIn(url: string, email: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ritm_session='));
  if (!cookie) throw new Error('no session cookie');
  return { cookie: cookie.split(';')[0]! };
}
