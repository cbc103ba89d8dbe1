import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

// What a norm added or changed through the API may say: kinds spelt as items' kinds are, channel
// types the domain knows or the organisation's channels have, nothing repeated, and no field of
// another type of norm (the domain's reader would drop it unseen).
const NOW = new Date('2026-11-26T09:00:00Z');

describe.each(testDatabases())('norm definitions on $name', ({ open }) => {
  const ctx = useTestApp(open, { now: () => NOW });
  let region: string;
  let centre: string;
  let editor: Record<string, string>;
  let director: Record<string, string>;
  const source = { document: 'Приказ', paragraph: 'п. 1' };

  const call = (method: 'POST' | 'PATCH', url: string, payload: object, headers = editor) => ctx.app.inject({ method, url: `/api${url}`, headers, payload });
  const add = (payload: object, headers = editor) => call('POST', `/orgs/${region}/norms`, { title: 'Проба', source, min: 1, per: 'week', ...payload }, headers);
  const english = () => ({ ...editor, 'accept-language': 'en' });

  beforeAll(async () => {
    region = (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Комитет' })).id;
    centre = (await createOrg(ctx.database, { kind: 'employment_center', parentId: region, name: 'ЦЗН' })).id;
    const e = await createUser(ctx.database, 'editor@definition.test');
    const d = await createUser(ctx.database, 'director@definition.test');
    await addMember(ctx.database, e.id, region, 'editor');
    await addMember(ctx.database, d.id, region, 'director');
    editor = await login(ctx.app, 'editor@definition.test');
    director = await login(ctx.app, 'director@definition.test');
    // An own channel type, in the catalogue of an organisation below.
    const channel = await call('POST', `/orgs/${centre}/channels`, { type: 'pop_up', name: 'Выездная точка' });
    expect(channel.statusCode).toBe(201);
  });

  it('refuses kinds no item can have, naming the kind, in Russian and English', async () => {
    const cyrillic = await add({ id: 'pr1', kinds: ['пост'] });
    expect(cyrillic.statusCode).toBe(400);
    expect(cyrillic.json().error.details).toEqual([{ path: 'body.kinds[0]', message: 'ожидается: латинские строчные буквы, цифры и _, начиная с буквы' }]);
    const spaced = await add({ id: 'pr1', kinds: ['post', 'Post kind!'] }, english());
    expect(spaced.statusCode).toBe(400);
    expect(spaced.json().error.details).toEqual([{ path: 'body.kinds[1]', message: 'expected: lower-case Latin letters, digits and _, starting with a letter' }]);
  });

  it('refuses kinds of organisation none can have, and one named twice, and takes known ones', async () => {
    const unknown = await add({ id: 'pr-ok1', orgKinds: ['employment_center', 'центр'] }, english());
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([{ path: 'body.orgKinds[1]', message: expect.stringContaining('must be one of') }]);
    const twice = await add({ id: 'pr-ok1', orgKinds: ['employment_center', 'employment_center'] }, english());
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details).toEqual([{ path: 'body.orgKinds', message: 'must not have duplicate items' }]);
    expect((await add({ id: 'pr-ok1', orgKinds: ['employment_center'] })).statusCode).toBe(201);
  });

  it('refuses a channel type neither known nor in the catalogue below, and takes one that is', async () => {
    const unknown = await add({ id: 'pr1', channelTypes: ['vk', 'nonexistent'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      message: 'Норматив задан неверно',
      details: [{ path: 'body.channelTypes[1]', message: 'неизвестный вид канала nonexistent: его нет ни среди известных, ни у каналов организации и подчинённых ей' }],
    });
    const inPresence = await add({ id: 'pr1', type: 'presence', min: undefined, per: undefined, allOf: [['website'], ['nonexistent']] }, english());
    expect(inPresence.json().error.details).toEqual([
      { path: 'body.allOf[1][0]', message: 'unknown channel type nonexistent: neither a known type nor the type of a channel of the organisation or one below it' },
    ]);
    expect((await add({ id: 'pr-own', channelTypes: ['vk', 'pop_up'] })).statusCode).toBe(201);
    // At the centre's sibling's level nobody has it: refused there.
    const sibling = (await createOrg(ctx.database, { kind: 'employment_center', parentId: region })).id;
    const there = await call('POST', `/orgs/${sibling}/norms`, { id: 'pr-own2', min: 1, per: 'week', channelTypes: ['pop_up'] });
    expect(there.json().error.details).toEqual([{ path: 'body.channelTypes[0]', message: expect.stringContaining('pop_up') }]);
  });

  it('refuses a repeated kind or channel type, naming the list', async () => {
    const kinds = await add({ id: 'pr1', kinds: ['post', 'post'] });
    expect(kinds.statusCode).toBe(400);
    expect(kinds.json().error.details).toEqual([{ path: 'body.kinds', message: 'не должно содержать повторов' }]);
    const groups = await add({ id: 'pr1', type: 'presence', min: undefined, per: undefined, allOf: [['vk'], ['vk', 'vk']] }, english());
    expect(groups.statusCode).toBe(400);
    expect(groups.json().error.details).toEqual([{ path: 'body.allOf[1]', message: 'must not have duplicate items' }]);
  });

  it("refuses the fields of another type of norm instead of dropping them", async () => {
    const foreign = await add({ id: 'pr1', atLeast: 1, perMembers: 100, figure: 'copies' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toEqual({
      code: 'validation',
      message: 'Норматив задан неверно',
      details: [
        { path: 'body.atLeast', message: 'не относится к нормативу вида frequency' },
        { path: 'body.perMembers', message: 'не относится к нормативу вида frequency' },
        { path: 'body.figure', message: 'не относится к нормативу вида frequency' },
      ],
    });
    const inEnglish = await call('POST', `/orgs/${region}/norms`, { id: 'pr1', type: 'quantity', figure: 'copies', atLeast: 1, per: 'week' }, english());
    expect(inEnglish.json().error.details).toEqual([{ path: 'body.per', message: 'does not belong to a quantity norm' }]);
    expect((await add({ id: 'pr1', kinds: ['post'] })).statusCode).toBe(201);
  });

  it('checks the changes of a PATCH and an adjustment the same way; a change of type keeps working', async () => {
    const version = async (orgId: string, key: string) =>
      ((await ctx.app.inject({ method: 'GET', url: `/api/orgs/${orgId}/norms`, headers: editor })).json().norms as Array<{ key: string; version: number }>).find((n) => n.key === key)!.version;
    const foreign = await call('PATCH', `/orgs/${region}/norms/pr1`, { atLeast: 2, version: await version(region, 'pr1') });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details).toEqual([{ path: 'body.atLeast', message: 'не относится к нормативу вида frequency' }]);
    const badKinds = await call('PATCH', `/orgs/${region}/norms/pr1`, { kinds: ['post', 'post'], version: await version(region, 'pr1') });
    expect(badKinds.json().error.details).toEqual([{ path: 'body.kinds', message: 'не должно содержать повторов' }]);
    const badType = await call('PATCH', `/orgs/${region}/norms/pr1`, { channelTypes: ['nonexistent'], version: await version(region, 'pr1') }, english());
    expect(badType.json().error.details).toEqual([{ path: 'body.channelTypes[0]', message: expect.stringContaining('unknown channel type nonexistent') }]);
    const retyped = await call('PATCH', `/orgs/${region}/norms/pr1`, { type: 'quantity', figure: 'copies', atLeast: 1, kinds: null, version: await version(region, 'pr1') });
    expect(retyped.statusCode).toBe(200);
    expect(retyped.json().norm).toEqual({ id: 'pr1', type: 'quantity', title: 'Проба', source, figure: 'copies', atLeast: 1, effectiveFrom: expect.any(String) });
    // The centre inherits pr-own; its adjustment is read as strictly.
    const adjust = await call('POST', `/orgs/${centre}/norms/pr-own/adjust`, { min: 1, figure: 'copies', reason: 'проба', version: await version(centre, 'pr-own') }, director);
    expect(adjust.statusCode).toBe(400);
    expect(adjust.json().error.details).toEqual([{ path: 'body.figure', message: 'не относится к нормативу вида frequency' }]);
    const repeated = await call('POST', `/orgs/${centre}/norms/pr-own/adjust`, { kinds: ['post', 'post'], reason: 'проба', version: await version(centre, 'pr-own') }, { ...director, 'accept-language': 'en' });
    expect(repeated.json().error.details).toEqual([{ path: 'body.kinds', message: 'must not have duplicate items' }]);
  });

  it('still applies every preset fitting the organisation', async () => {
    const applied = await call('POST', `/orgs/${region}/norms`, { preset: 'mintrud-2022' });
    expect(applied.statusCode).toBe(201);
  });
});
