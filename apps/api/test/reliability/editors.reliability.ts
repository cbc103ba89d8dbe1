import { describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { testDatabases } from '../databases.js';
import { addMember, createOrg, createUser, login } from '../fixtures.js';
import { report, scale } from './scale.js';

// Part 3: concurrent editors of the same items. Every acknowledged update must show in the
// versions (one version per acknowledged update, none twice) and the last one must be what
// is stored; every acknowledged create must be there.
const EDITORS = scale(20, 5);
const STEPS = scale(200, 30);
const ITEMS = 10;

describe.each(testDatabases())('concurrent editors on $name', ({ name, open }) => {
  const ctx = useTestApp(open);


  it(`${EDITORS} editors × ${STEPS} steps lose no acknowledged write`, async () => {
    const org = await createOrg(ctx.database, { name: `Editors ${name}` });
    const sessions: Record<string, string>[] = [];
    for (let e = 0; e < EDITORS; e++) {
      const user = await createUser(ctx.database, `editor-${e}-${name}@editors.test`);
      await addMember(ctx.database, user.id, org.id, 'editor');
      sessions.push(await login(ctx.app, `editor-${e}-${name}@editors.test`));
    }
    const base = `/api/orgs/${org.id}/items`;
    const items: string[] = [];
    for (let i = 0; i < ITEMS; i++) {
      items.push((await ctx.app.inject({ method: 'POST', url: base, headers: sessions[0]!, payload: { kind: 'post', title: `item ${i}`, at: '2026-11-20' } })).json().id);
    }
    const updates = new Map<string, { version: number; title: string }[]>(items.map((id) => [id, []]));
    const created: { id: string; title: string }[] = [];
    const answers: Record<string, number> = {};
    const unexpected: string[] = [];
    const count = (key: string) => (answers[key] = (answers[key] ?? 0) + 1);
    const started = Date.now();

    await Promise.all(
      sessions.map(async (headers, e) => {
        for (let step = 0; step < STEPS; step++) {
          const title = `e${e}-s${step}`;
          if (step % 5 === 4) {
            const response = await ctx.app.inject({ method: 'POST', url: base, headers, payload: { kind: 'post', title, at: '2026-11-21' } });
            count(`create ${response.statusCode}`);
            if (response.statusCode === 201) created.push({ id: response.json().id, title });
            else if (response.statusCode !== 503) unexpected.push(`create ${response.statusCode} ${response.body}`);
            continue;
          }
          const id = items[(e + step) % ITEMS]!;
          const current = await ctx.app.inject({ method: 'GET', url: `${base}/${id}`, headers });
          const response = await ctx.app.inject({ method: 'PATCH', url: `${base}/${id}`, headers, payload: { title, version: current.json().version } });
          count(`update ${response.statusCode}`);
          if (response.statusCode === 200) updates.get(id)!.push({ version: response.json().version, title });
          else if (response.statusCode !== 409 && response.statusCode !== 503) unexpected.push(`update ${response.statusCode} ${response.body}`);
        }
      }),
    );

    let lost = 0;
    for (const id of items) {
      const acked = updates.get(id)!;
      const stored = (await ctx.app.inject({ method: 'GET', url: `${base}/${id}`, headers: sessions[0]! })).json() as { version: number; title: string };
      const versions = new Set(acked.map((a) => a.version));
      const last = acked.reduce((a, b) => (b.version > a.version ? b : a), { version: 1, title: '' });
      // Each acknowledged update made its own version, and the newest is what is stored.
      if (versions.size !== acked.length || stored.version !== 1 + acked.length || (acked.length > 0 && stored.title !== last.title)) lost++;
    }
    let lostCreates = 0;
    for (const c of created) {
      const response = await ctx.app.inject({ method: 'GET', url: `${base}/${c.id}`, headers: sessions[0]! });
      if (response.statusCode !== 200 || response.json().title !== c.title) lostCreates++;
    }
    report(`concurrent editors on ${name}`, {
      editors: EDITORS,
      requests: EDITORS * STEPS,
      answers,
      acknowledgedUpdates: [...updates.values()].reduce((n, a) => n + a.length, 0),
      acknowledgedCreates: created.length,
      itemsWithLostUpdates: lost,
      lostCreates,
      seconds: Math.round((Date.now() - started) / 1000),
    });
    expect(unexpected).toEqual([]);
    expect(lost).toBe(0);
    expect(lostCreates).toBe(0);
  });
});
