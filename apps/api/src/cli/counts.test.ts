import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINTRUD_2022 } from '@ritm/domain/presets';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { createOrg } from '../../test/fixtures.js';
import { runCountsCommand } from './counts.js';
import { UsageError } from './usage.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-counts-cli-'));
const env = { RITM_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runCountsCommand(args, { stdout: (t) => out.push(t), stderr: (t) => out.push(t), cwd: dir, env });
  return { code, out: out.join('') };
}

describe('`ritm counts` on the embedded database', () => {
  beforeAll(async () => {
    // Data written straight into the tables, as an older version or a bulk load would leave it: no selector registered.
    const database = await openDatabase({ dataDir: env.RITM_DATA_DIR });
    await migrateToLatest(database.db);
    const org = await createOrg(database);
    await database.db.insertInto('channels').values(['vk', 'ok', 'website'].map((type) => ({ org_id: org.id, type, name: type }))).execute();
    await database.db
      .insertInto('norms')
      .values(MINTRUD_2022.norms.map(({ id, ...definition }) => ({ org_id: org.id, key: id, preset: MINTRUD_2022.id, definition: JSON.stringify(definition) })))
      .execute();
    const channels = await database.db.selectFrom('channels').select(['id', 'type']).execute();
    const vk = channels.find((c) => c.type === 'vk')!.id;
    await database.db
      .insertInto('items')
      .values([1, 2, 3, 10].map((day) => ({ org_id: org.id, kind: 'post', title: 'п', status: 'published', at_date: `2026-11-${String(day).padStart(2, '0')}`, local_day: `2026-11-${String(day).padStart(2, '0')}`, channel_ids: [vk] })))
      .execute();
    await database.close();
  }, 120_000);
  // PGlite finishes writing its folder a moment after close() resolves: remove it after that.
  afterAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the selectors, counts again from the items, finds drift and exits 1 on it, in Russian and English', async () => {
    const first = await run('rebuild', '--lang', 'ru');
    expect(first.code).toBe(0);
    // MINTRUD-2022 on vk, ok and a website: posts per channel (vk, ok), vacancies on the site, information materials, events.
    expect(first.out).toMatch(/организаций 1, селекторов добавлено 5, удалено 0; публикаций с исправленным числом вложений 0; строк расходилось с публикациями 0; строк счётчиков теперь \d+/);
    expect(await run('check', '--lang', 'en')).toEqual({ code: 0, out: 'The counts match the items\n' });

    const database = await openDatabase({ dataDir: env.RITM_DATA_DIR });
    await sql`update group_counts set done = done + 1`.execute(database.db);
    const rows = (await sql<{ n: number }>`select count(*)::int as n from group_counts`.execute(database.db)).rows[0]!.n;
    await database.close();
    const checked = await run('check', '--lang', 'ru');
    expect(checked.code).toBe(1);
    expect(checked.out).toBe(`Строк счётчиков, расходящихся с публикациями: ${rows}; выполните ritm counts rebuild\n`);
    const again = await run('rebuild', '--lang', 'en');
    expect(again.out).toMatch(new RegExp(`1 organisations, 0 selectors added, 0 dropped; 0 items' attachment counts set again; ${rows} rows had drifted from the items; ${rows} count rows now`));
    expect((await run('check')).code).toBe(0);
  });

  it('finds organisations\' revision rows written past the triggers, and sets them again on rebuild', async () => {
    const database = await openDatabase({ dataDir: env.RITM_DATA_DIR });
    const other = await createOrg(database, { name: 'Второй ЦЗН' });
    // A restore with the triggers off: one organisation's row lost, another's path left behind.
    await sql`delete from org_revisions where org_id = ${other.id}`.execute(database.db);
    await sql`update org_revisions set path = '/старый/', org = 7 where org_id <> ${other.id}`.execute(database.db);
    await database.close();

    const checked = await run('check', '--lang', 'en');
    expect(checked).toEqual({ code: 1, out: 'The counts match the items\n2 organisation revision rows differ from the organisations; run ritm counts rebuild\n' });
    const rebuilt = await run('rebuild', '--lang', 'ru');
    expect(rebuilt.out).toMatch(/; строк ревизий организаций исправлено 2; JSON публикаций переписан у 0\n$/);
    expect(await run('check', '--lang', 'ru')).toEqual({ code: 0, out: 'Счётчики совпадают с публикациями\n' });

    const after = await openDatabase({ dataDir: env.RITM_DATA_DIR });
    try {
      const rows = (await sql<{ path: string; own: string; org: string }>`select r.path, o.path as own, r.org::text as org from org_revisions r join organisations o on o.id = r.org_id order by o.name`.execute(after.db)).rows;
      expect(rows.map((r) => r.path)).toEqual(rows.map((r) => r.own));
      // The revision raised: a stamp taken before the repair does not match after it.
      expect(rows.find((r) => r.org !== '0')?.org).toBe('8');
    } finally {
      await after.close();
    }
  });

  it("finds items' JSON written past the triggers, and writes it again on rebuild", async () => {
    const database = await openDatabase({ dataDir: env.RITM_DATA_DIR });
    // A bulk load with the triggers off: two titles changed, their kept JSON did not.
    await database.db.transaction().execute(async (trx) => {
      await sql`alter table items disable trigger user`.execute(trx);
      await sql`update items set title = 'загружено' where local_day <= '2026-11-02'`.execute(trx);
      await sql`alter table items enable trigger user`.execute(trx);
    });
    await database.close();

    const checked = await run('check', '--lang', 'en');
    expect(checked).toEqual({ code: 1, out: "The counts match the items\n2 items' kept JSON differs from their rows; run ritm counts rebuild\n" });
    expect((await run('check', '--lang', 'ru')).out).toMatch(/Публикаций, чей хранимый JSON расходится с их строкой: 2; выполните ritm counts rebuild\n$/);
    expect((await run('rebuild', '--lang', 'en')).out).toMatch(/; 2 items' JSON written again\n$/);
    expect(await run('check', '--lang', 'en')).toEqual({ code: 0, out: 'The counts match the items\n' });

    const after = await openDatabase({ dataDir: env.RITM_DATA_DIR });
    try {
      const titles = (await sql<{ title: string }>`select (json_head || 'null}')::json->>'title' as title from items order by local_day`.execute(after.db)).rows;
      expect(titles.map((t) => t.title)).toEqual(['загружено', 'загружено', 'п', 'п']);
    } finally {
      await after.close();
    }
  });

  it('finds items counting their attachments otherwise than the files they hold, and sets them again on rebuild', async () => {
    const database = await openDatabase({ dataDir: env.RITM_DATA_DIR });
    // As two deletes of one file at the same moment left it before they were told apart: a photo counted off twice.
    await sql`update items set attachment_count = 2 where local_day = '2026-11-10'`.execute(database.db);
    await database.close();

    expect(await run('check', '--lang', 'en')).toEqual({ code: 1, out: 'The counts match the items\nItems counting their attachments otherwise than the files they hold: 1; run ritm counts rebuild\n' });
    expect((await run('check', '--lang', 'ru')).out).toMatch(/Публикаций, у которых число вложений расходится с файлами: 1; выполните ritm counts rebuild\n$/);
    expect((await run('rebuild', '--lang', 'en')).out).toMatch(/ dropped; 1 items' attachment counts set again; 0 rows had drifted/);
    expect(await run('check', '--lang', 'en')).toEqual({ code: 0, out: 'The counts match the items\n' });

    const after = await openDatabase({ dataDir: env.RITM_DATA_DIR });
    try {
      const counts = (await sql<{ n: number }>`select attachment_count as n from items order by local_day`.execute(after.db)).rows;
      expect(counts.map((c) => c.n)).toEqual([0, 0, 0, 0]);
    } finally {
      await after.close();
    }
  });

  it('names the commands it knows', async () => {
    await expect(run('recount')).rejects.toThrow(UsageError);
  });
});
