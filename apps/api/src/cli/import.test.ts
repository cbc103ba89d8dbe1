import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../../test/fixtures.js';
import { windows1251Csv } from '../../test/media-plan-files.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { runImportCommand } from './import.js';
import { UsageError } from './usage.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-import-cli-'));
const env = { RITM_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
let orgId: string;

async function ritmImport(args: string[], lang = 'ru') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImportCommand([...args, '--lang', lang], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

beforeAll(async () => {
  const database = await openDatabase({ dataDir: env.RITM_DATA_DIR });
  await migrateToLatest(database.db);
  orgId = (await createOrg(database, { timezone: 'Asia/Vladivostok' })).id;
  await database.close();
  fs.writeFileSync(path.join(dir, 'good.csv'), windows1251Csv(['Дата;Тема;Формат', '01.12.2026;Совещание по занятости;совещание', '02.12.2026 09:00;Пост о вакансиях;пост']));
  fs.writeFileSync(path.join(dir, 'bad.csv'), windows1251Csv(['Дата;Тема;Формат;Бюджет', '32.12.2026;Совещание;совещание;1']));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'просто текст\n');
}, 120_000);

// PGlite finishes writing its folder a moment after close() resolves: remove it after that.
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ritm import', () => {
  it('previews with --dry-run, then imports, then finds nothing to change (exit 0)', async () => {
    const preview = await ritmImport(['--org', orgId, 'good.csv', '--dry-run']);
    expect(preview).toEqual({ code: 0, stdout: 'Предварительный просмотр: ничего не записано (уберите --dry-run, чтобы импортировать)\nСоздать: 2, изменить: 0, без изменений: 0\n', stderr: '' });
    const written = await ritmImport(['--org', orgId, 'good.csv'], 'en');
    expect(written).toEqual({ code: 0, stdout: 'Imported\nCreated: 2, updated: 0, unchanged: 0\n', stderr: '' });
    const again = await ritmImport(['--org', orgId, 'good.csv'], 'en');
    expect(again.stdout).toBe('Imported\nCreated: 0, updated: 0, unchanged: 2\n');
  }, 60_000);

  it('prints every problem with its sheet, row and column and exits 1', async () => {
    const { code, stderr } = await ritmImport(['--org', orgId, 'bad.csv']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        'Ничего не импортировано',
        'Создать: 0, изменить: 0, без изменений: 0',
        '',
        'Столбцы, которые не удалось сопоставить (не импортируются):',
        '  лист «CSV», столбец D (Бюджет)',
        '',
        'Ошибки:',
        '  лист «CSV», строка 2, столбец A (Дата): «32.12.2026» — не дата (например 25.11.2026 или 25 ноября)',
        '',
      ].join('\n'),
    );
  }, 60_000);

  it('refuses what is not a spreadsheet in words, with exit 1', async () => {
    const { code, stderr } = await ritmImport(['--org', orgId, 'notes.txt'], 'en');
    expect(code).toBe(1);
    expect(stderr).toBe('ritm: This is not a spreadsheet: upload an XLSX or a CSV file (text separated by ";", "," or tabs)\n');
  }, 60_000);

  it('asks for --org and one file', async () => {
    await expect(runImportCommand(['good.csv'], { stdout: () => {}, stderr: () => {}, cwd: dir, env })).rejects.toThrow(UsageError);
    await expect(runImportCommand(['--org', orgId], { stdout: () => {}, stderr: () => {}, cwd: dir, env })).rejects.toThrow('import needs one FILE');
  });
});
