import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../../test/fixtures.js';
import { openWithLibreOffice, pdfText, itWithOffice } from '../../test/office.js';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { runReportCommand } from './report.js';
import { UsageError } from './usage.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritm-report-cli-'));
const env = { RITM_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
let orgId: string;

async function ritmReport(args: string[], lang = 'ru') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReportCommand([...args, '--lang', lang], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

beforeAll(async () => {
  const database = await openDatabase({ dataDir: env.RITM_DATA_DIR });
  await migrateToLatest(database.db);
  orgId = (await createOrg(database, { kind: 'union_primary', name: 'Первичная организация «Заря»', members: 150 })).id;
  await createOrg(database, { kind: 'union_primary', parentId: orgId, name: 'Цеховая организация №2' });
  await database.close();
}, 120_000);

// PGlite finishes writing its folder a moment after close() resolves: remove it after that.
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ritm report', () => {
  itWithOffice('writes the compliance report as a PDF file', async () => {
    const result = await ritmReport(['compliance', '--org', orgId, '--from', '2026-10-01', '--to', '2026-12-31', '--format', 'pdf', 'q4.pdf']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Отчёт записан: q4\.pdf \(\d+ байт\)\n$/);
    const text = (await pdfText(fs.readFileSync(path.join(dir, 'q4.pdf')))).replace(/\s+/g, ' ');
    expect(text).toContain('Первичная организация «Заря»');
    expect(text).toContain('Цеховая организация №2');
    expect(text).toContain('Организаций 2');
  });

  itWithOffice('writes the annual review as an XLSX file', async () => {
    const result = await ritmReport(['annual-review', '--org', orgId, '--year', '2026', '--format', 'xlsx', 'review.xlsx'], 'en');
    expect(result.code).toBe(0);
    const rows = await openWithLibreOffice(fs.readFileSync(path.join(dir, 'review.xlsx')), 'xlsx');
    expect(rows[0]![0]).toBe('Annual review of information work, 2026');
    expect(rows.find((r) => r[0] === 'Первичная организация «Заря»')!.slice(2, 4)).toEqual(['150', 'no data']);
  });

  it('refuses a range longer than a year and leaves no file behind', async () => {
    const result = await ritmReport(['compliance', '--org', orgId, '--from', '2026-01-01', '--to', '2027-06-30', '--format', 'xlsx', 'long.xlsx']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('ritm: Слишком длинный период\n');
    expect(fs.existsSync(path.join(dir, 'long.xlsx'))).toBe(false);
  });

  it('says what is wrong with the arguments', async () => {
    await expect(ritmReport(['weekly', '--org', orgId, 'x.pdf'])).rejects.toThrow(UsageError);
    await expect(ritmReport(['compliance', '--org', orgId, '--from', '2026-10-01', '--to', '2026-12-31', '--format', 'docx', 'x.docx'])).rejects.toThrow('--format: xlsx or pdf');
    await expect(ritmReport(['annual-review', '--org', orgId, '--year', 'next', '--format', 'pdf', 'x.pdf'])).rejects.toThrow('--year');
    const missing = await ritmReport(['annual-review', '--org', '00000000-0000-4000-8000-000000000000', '--year', '2026', '--format', 'pdf', 'x.pdf']);
    expect(missing).toMatchObject({ code: 1, stderr: 'ritm: организации 00000000-0000-4000-8000-000000000000 нет\n' });
    // A year as a person writes it, not what Number() makes of 0x7E9 or 2.026e3.
    for (const year of ['0x7E9', '2.026e3', '+2026', ' 2026', '2026.0']) {
      await expect(ritmReport(['annual-review', '--org', orgId, '--year', year, '--format', 'pdf', 'x.pdf']), year).rejects.toThrow('--year');
    }
    // One kind's options are not taken silently by the other.
    await expect(ritmReport(['compliance', '--org', orgId, '--from', '2026-10-01', '--to', '2026-12-31', '--year', '2026', '--format', 'pdf', 'x.pdf'])).rejects.toThrow('unknown option --year');
    await expect(ritmReport(['annual-review', '--org', orgId, '--year', '2026', '--from', '2026-10-01', '--format', 'pdf', 'x.pdf'])).rejects.toThrow('unknown option --from');
  });

  it('names the option of a date outside the product range, in the language asked, with exit code 2', async () => {
    const far = await ritmReport(['compliance', '--org', orgId, '--from', '9999-01-01', '--to', '9999-12-31', '--format', 'pdf', 'far.pdf']);
    expect(far).toEqual({ code: 2, stdout: '', stderr: 'ritm: --from: вне 2000-01-01 … 2100-12-31\nritm: --to: вне 2000-01-01 … 2100-12-31\n' });
    // Last week's report at the target stays as it was: the new one is written beside it and renamed once whole.
    fs.writeFileSync(path.join(dir, 'far.xlsx'), 'last week');
    const asOf = await ritmReport(['annual-review', '--org', orgId, '--year', '2026', '--as-of', '9999-12-31', '--format', 'xlsx', 'far.xlsx'], 'en');
    expect(asOf).toEqual({ code: 2, stdout: '', stderr: 'ritm: --as-of: outside 2000-01-01 … 2100-12-31\n' });
    expect(fs.existsSync(path.join(dir, 'far.pdf'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'far.xlsx'), 'utf8')).toBe('last week');
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.part'))).toEqual([]);
    // A good one then replaces it.
    expect((await ritmReport(['annual-review', '--org', orgId, '--year', '2026', '--format', 'xlsx', 'far.xlsx'])).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'far.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('says it cannot write into a folder or a folder that does not exist, and leaves the folder as it was', async () => {
    fs.mkdirSync(path.join(dir, 'a-folder'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a-folder', 'kept.txt'), 'mine');
    for (const format of ['pdf', 'xlsx']) {
      // Before, a PDF died on an unheard 'error' event and an XLSX waited for ever.
      await expect(ritmReport(['compliance', '--org', orgId, '--from', '2026-10-01', '--to', '2026-12-31', '--format', format, 'a-folder'])).rejects.toMatchObject({ code: 'EISDIR' });
      await expect(ritmReport(['compliance', '--org', orgId, '--from', '2026-10-01', '--to', '2026-12-31', '--format', format, `no-folder/q.${format}`])).rejects.toMatchObject({
        code: 'ENOENT',
        path: path.join(dir, 'no-folder', `q.${format}`),
      });
    }
    expect(fs.readFileSync(path.join(dir, 'a-folder', 'kept.txt'), 'utf8')).toBe('mine');
  });
});
