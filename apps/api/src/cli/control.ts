import type { Config } from '../config.js';
import { readControlFile, type ControlFile } from '../db/control-file.js';
import type { Database } from '../db/connection.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { message, render, type Language, type Message } from '../http/messages.js';

/** Asks the running server (the control channel): `request` answers the parsed JSON or throws. */
export interface ControlClient {
  request<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T>;
}

/** The running server could not be asked, in the catalogue's words (`cli.control.*`). */
export class ControlError extends Error {
  override name = 'ControlError';
  constructor(readonly said: Message) {
    super(render(said, 'en'));
  }
}

/**
 * Runs a command where the data is. On a PostgreSQL server, or on the embedded database when no
 * server holds the data folder: opens the database (migrated), runs `local` and closes it. When
 * `ritm serve` holds the folder (the embedded database allows one process): asks that server
 * through its control channel (`<dataDir>/ritm-control.json`, routes under `/api/control`).
 * @throws DataDirLockedError when the folder is held by a process that wrote no control file (an
 * older Ritm, another command).
 */
export async function openOrAskServer<T>(
  config: Config,
  lang: Language,
  local: (database: Database) => Promise<T>,
  remote: (client: ControlClient) => Promise<T>,
): Promise<T> {
  const { openDatabase } = await import('../db/connection.js');
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const control = readControlFile(config.dataDir);
    if (!control) throw error;
    return remote(controlClient(control, lang));
  }
  try {
    const { migrateToLatest } = await import('../db/migrate.js');
    await migrateToLatest(database.db);
    return await local(database);
  } finally {
    await database.close();
  }
}

function controlClient({ url, token }: ControlFile, lang: Language): ControlClient {
  return {
    async request<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${url}/api/control${path}`, {
          method,
          // The server's own refusals in the command's language.
          headers: { authorization: `Bearer ${token}`, 'accept-language': lang, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      } catch (error) {
        throw new ControlError(message('cli.control.noAnswer', { url, cause: (error as Error).message }));
      }
      const text = await response.text();
      if (!response.ok) {
        let said = text;
        try {
          said = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
        } catch {
          // Not the API's JSON: the text as it came.
        }
        throw new ControlError(message('cli.control.refused', { status: response.status, said }));
      }
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
