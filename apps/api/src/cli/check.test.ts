import fs from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './check.js';

// The scenario of the issue, as a fixture.
const ISSUE_SCENARIO = {
  timezone: 'Asia/Vladivostok',
  today: '2026-11-18',
  from: '2026-11-09',
  to: '2026-11-22',
  org: { kind: 'union_primary', members: 650, figures: { solidarnost_copies: 5 } },
  channels: [
    { id: 'vk', type: 'vk' },
    { id: 'tg', type: 'telegram', since: '2026-01-01' },
  ],
  norms: [
    { id: 'posts', type: 'frequency', min: 2, per: 'week', kinds: ['post'], channelTypes: ['vk', 'ok', 'telegram'], perChannel: true },
    { id: 'pages', type: 'presence', channelTypes: ['vk', 'ok', 'telegram', 'max'], orgKinds: ['union_primary'], minMembers: 501 },
  ],
  items: [{ id: 'p1', kind: 'post', channels: ['vk'], status: 'published', at: '2026-11-15T13:30:00Z' }],
  exemptions: [{ norm: 'posts', from: '2026-11-01', to: '2026-11-30', reason: '…' }],
};

const ISSUE_OUTPUT =
  '{"results":[' +
  '{"norm":"posts","channel":"vk","periodStart":"2026-11-09","periodEnd":"2026-11-15","required":2,"actual":1,"planned":0,"status":"exempt"},' +
  '{"norm":"posts","channel":"vk","periodStart":"2026-11-16","periodEnd":"2026-11-22","required":2,"actual":0,"planned":0,"status":"exempt"},' +
  '{"norm":"posts","channel":"tg","periodStart":"2026-11-09","periodEnd":"2026-11-15","required":2,"actual":0,"planned":0,"status":"exempt"},' +
  '{"norm":"posts","channel":"tg","periodStart":"2026-11-16","periodEnd":"2026-11-22","required":2,"actual":0,"planned":0,"status":"exempt"},' +
  '{"norm":"pages","channel":null,"periodStart":null,"periodEnd":null,"required":1,"actual":1,"planned":0,"status":"met"}' +
  '],"overdue":[]}\n';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ritm-check-'));
  await writeFile(join(dir, 'issue.json'), JSON.stringify(ISSUE_SCENARIO, null, 2));
});

async function check(argv: string[], stdin = '', env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCheck(argv, {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: dir,
    env,
  });
  return { code, stdout, stderr };
}

function withChanges(changes: Record<string, unknown>): string {
  return JSON.stringify({ ...ISSUE_SCENARIO, ...changes });
}

describe('ritm check', () => {
  it('prints the issue’s scenario exactly: both weeks exempt on vk and tg, pages met', async () => {
    expect(await check(['issue.json'])).toEqual({ code: 0, stdout: ISSUE_OUTPUT, stderr: '' });
  });

  it('reads the scenario from standard input with -', async () => {
    expect(await check(['-'], JSON.stringify(ISSUE_SCENARIO))).toEqual({ code: 0, stdout: ISSUE_OUTPUT, stderr: '' });
  });

  it('reads an absolute path whatever the working directory', async () => {
    expect((await check([join(dir, 'issue.json')])).stdout).toBe(ISSUE_OUTPUT);
  });

  it('exits 0 with --strict when nothing is missed or at risk', async () => {
    expect((await check(['issue.json', '--strict'])).code).toBe(0);
  });

  it('exits 1 with --strict when a row is missed or at risk, and still prints the results', async () => {
    const { code, stdout } = await check(['-', '--strict'], withChanges({ exemptions: [] }));
    expect(code).toBe(1);
    const { results } = JSON.parse(stdout) as { results: { status: string }[] };
    expect(results.map((r) => r.status)).toEqual(['missed', 'at_risk', 'missed', 'at_risk', 'met']);
    expect((await check(['-'], withChanges({ exemptions: [] }))).code).toBe(0);
  });

  it('lists overdue items', async () => {
    const items = [...ISSUE_SCENARIO.items, { id: 'late', kind: 'post', channels: ['vk', 'tg'], status: 'planned', at: '2026-11-17' }];
    const { stdout } = await check(['-'], withChanges({ items, exemptions: [] }));
    expect(JSON.parse(stdout).overdue).toEqual([
      { item: 'late', norm: 'posts', channel: 'vk', at: '2026-11-17' },
      { item: 'late', norm: 'posts', channel: 'tg', at: '2026-11-17' },
    ]);
  });

  it('adds a preset’s norms after the scenario’s with --preset', async () => {
    const { code, stdout } = await check(['issue.json', '--preset', 'sudprof-2023']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout).results as { norm: string; required: number; actual: number; status: string }[];
    expect(rows.map((r) => r.norm)).toEqual([
      'posts',
      'posts',
      'posts',
      'posts',
      'pages',
      'stand-weekly',
      'stand-weekly',
      'email-and-chats',
      'social-primary',
      'social-territorial',
      'website',
      'quarterly-plan',
      'solidarnost',
      'budget-5',
    ]);
    expect(rows.find((r) => r.norm === 'solidarnost')).toMatchObject({ required: 7, actual: 5, status: 'missed' });
    // A primary organisation with no stand still owes the weekly update.
    expect(rows.filter((r) => r.norm === 'stand-weekly').map((r) => r.status)).toEqual(['missed', 'at_risk']);
  });

  it('names the JSON path of a bad value and exits 2', async () => {
    const items = [0, 1, 2, 3].map((i) => ({ id: `p${i}`, kind: 'post', channels: ['vk'], status: 'published', at: i === 3 ? '2026-13-01' : '2026-11-10' }));
    expect(await check(['-'], withChanges({ items }))).toEqual({ code: 2, stdout: '', stderr: 'items[3].at: not a date\n' });
  });

  it('names every problem: time zone, range, norm fields, unknown references', async () => {
    const { code, stderr } = await check(
      ['-'],
      withChanges({
        timezone: 'Mars/Base',
        from: '2026-11-22',
        to: '2026-11-09',
        norms: [{ id: 'posts', min: 0, per: 'fortnight' }],
        items: [{ id: 'p1', kind: 'post', channels: ['fb'], status: 'done', at: '2026-11-10' }],
        exemptions: [{ norm: 'nope', from: '2026-11-01', to: '2026-11-30', reason: 'x' }],
      }),
    );
    expect(code).toBe(2);
    expect(stderr.split('\n')).toEqual([
      "timezone: unknown time zone 'Mars/Base'",
      'to: before from (2026-11-22)',
      'norms[0].min: not a positive integer',
      'norms[0].per: must be one of day, week, month, quarter, year',
      'items[0].status: must be one of planned, in_progress, published, held, cancelled',
      "items[0].channels[0]: unknown channel 'fb'",
      "exemptions[0].norm: unknown norm 'nope'",
      '',
    ]);
  });

  it('exits 2 with the position of a JSON syntax error', async () => {
    const { code, stdout, stderr } = await check(['-'], '{\n  "timezone": "UTC",\n  oops\n}');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^ritm check: standard input is not valid JSON: .*line 3/);
  });

  it('names every problem in Russian with --lang ru or a Russian locale, the paths unchanged', async () => {
    const bad = withChanges({ timezone: 'Mars/Base', norms: [{ id: 'posts', min: 0, per: 'fortnight' }] });
    const russian = await check(['-', '--lang', 'ru'], bad);
    expect(russian.code).toBe(2);
    expect(russian.stderr.split('\n')).toEqual([
      "timezone: неизвестный часовой пояс 'Mars/Base'",
      'norms[0].min: не целое положительное число',
      'norms[0].per: должно быть одним из day, week, month, quarter, year',
      // The scenario's exemption names a norm that is no longer readable.
      "exemptions[0].norm: неизвестный норматив 'posts'",
      '',
    ]);
    expect(await check(['-'], bad, { LANG: 'ru_RU.UTF-8' })).toEqual(russian);
    // --lang wins over the locale, LC_ALL over LANG; the output's JSON is the same in any language.
    expect((await check(['-', '--lang=en'], bad, { LANG: 'ru_RU.UTF-8' })).stderr).toMatch(/^timezone: unknown time zone/);
    expect((await check(['-'], bad, { LC_ALL: 'en_US.UTF-8', LANG: 'ru_RU.UTF-8' })).stderr).toMatch(/^timezone: unknown time zone/);
    expect(await check(['issue.json', '--lang', 'ru'])).toEqual({ code: 0, stdout: ISSUE_OUTPUT, stderr: '' });
    expect(await check(['-', '--lang', 'ru'], '[]')).toEqual({ code: 2, stdout: '', stderr: '(корень): не объект\n' });
  });

  it('says what is wrong with the arguments and the file in Russian, with the usage in Russian', async () => {
    const unknown = await check(['issue.json', '--fast', '--lang', 'ru']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^ritm check: неизвестный параметр «--fast»\n\nИспользование: ritm check ФАЙЛ\|-/);
    expect((await check(['issue.json', '--lang', 'de'])).stderr).toMatch(/^ritm check: --lang: ru or en\n/);
    expect((await check(['--help', '--lang', 'ru'])).stdout).toMatch(/^Использование: ritm check ФАЙЛ\|- \[--strict\]/);
    expect((await check(['missing.json'], '', { LANG: 'ru_RU.UTF-8' })).stderr).toMatch(/^ritm check: не удаётся прочитать missing\.json: /);
    const syntax = await check(['-', '--lang', 'ru'], '{\n  "timezone": "UTC",\n  oops\n}');
    expect(syntax.stderr).toMatch(/^ritm check: стандартный ввод — некорректный JSON: .*строка 3/);
  });

  it('exits 2 when the scenario is not an object or the file cannot be read', async () => {
    expect(await check(['-'], '[]')).toEqual({ code: 2, stdout: '', stderr: '(root): not an object\n' });
    const missing = await check(['missing.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ritm check: cannot read missing\.json: /);
  });

  it('says standard input is a folder when it is one (Node reads a folder there as an empty stream)', async () => {
    const fd = fs.openSync(dir, 'r');
    try {
      const asked = async (lang: string) => {
        let stderr = '';
        const code = await runCheck(['-', '--lang', lang], { stdin: Object.assign(Readable.from([]), { fd }), stdout: () => {}, stderr: (text) => (stderr += text), cwd: dir, env: {} });
        return { code, stderr };
      };
      expect(await asked('en')).toEqual({ code: 2, stderr: 'ritm check: cannot read standard input: it is a folder, not a file\n' });
      expect(await asked('ru')).toEqual({ code: 2, stderr: 'ritm check: не удаётся прочитать стандартный ввод: это папка, а не файл\n' });
    } finally {
      fs.closeSync(fd);
    }
    expect((await check(['.', '--lang', 'en'])).stderr).toBe('ritm check: cannot read .: it is a folder, not a file\n');
  });

  it('exits 2 with usage for unknown options, a missing file or an unknown preset', async () => {
    for (const argv of [['issue.json', '--fast'], [], ['issue.json', '--preset'], ['issue.json', '--preset', 'gost-1990'], ['a.json', 'b.json']]) {
      const { code, stdout, stderr } = await check(argv);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^ritm check: .*\n\nUsage: ritm check FILE/);
    }
  });

  it('exits 70 with an internal error, not 1, when something unexpected fails', async () => {
    let stderr = '';
    const code = await runCheck(['issue.json', '--strict'], {
      stdin: Readable.from([]),
      stdout: () => {
        throw new Error('disk full');
      },
      stderr: (text) => (stderr += text),
      cwd: dir,
      env: {},
    });
    expect({ code, stderr }).toEqual({ code: 70, stderr: 'ritm check: internal error: disk full\n' });
  });

  it('prints usage on standard output for --help', async () => {
    const { code, stdout } = await check(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: ritm check FILE\|- \[--strict\] \[--preset ID\]/);
  });
});
