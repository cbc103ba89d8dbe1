import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import type { Database } from '../../src/db/connection.js';
import { testConfig } from '../app.js';
import { testDatabases } from '../databases.js';
import { addMember, createOrg, createUser, login } from '../fixtures.js';
import { report, scale } from './scale.js';
import { encodeParam, invalid, Random, valid, type GenerateContext, type Schema } from './schema-fuzz.js';

// Part 1: every route of the OpenAPI document, valid and invalid bodies, params and queries,
// signed in as every role. Any 5xx is a failure, reported with its route, input and error.

const REQUESTS = scale(10_000, 1_000);
/** Requests on one seeded world; then a fresh one (the fuzzer deletes and logs out too). */
const ROUND = scale(500, 250);
const SEED = Number(process.env.RITM_FUZZ_SEED ?? 20261125);

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query'; required: boolean; schema: Schema }[];
  body: Schema | undefined;
}

interface ServerError {
  route: string;
  role: string;
  url: string;
  body: string;
  status: number;
  error: string;
}

type Role = 'anonymous' | 'sysadmin' | 'admin' | 'director' | 'editor' | 'viewer' | 'foreign';
const ROLES: Role[] = ['anonymous', 'sysadmin', 'admin', 'director', 'editor', 'viewer', 'foreign'];
// Every role, but most requests from those allowed to write: they reach the code behind the checks.
const CALLERS: Role[] = [...ROLES, 'sysadmin', 'sysadmin', 'admin', 'admin', 'admin', 'editor', 'editor', 'director'];

interface World {
  headers: Record<Role, Record<string, string>>;
  ids: Record<string, string[]>;
}

let worlds = 0;

async function seedWorld(database: Database, app: App): Promise<World> {
  const tag = `w${++worlds}-${Date.now()}`;
  const root = await createOrg(database, { kind: 'employment_authority', name: `Fuzz root ${tag}` });
  const centre = await createOrg(database, { kind: 'employment_center', parentId: root.id, timezone: 'Asia/Vladivostok' });
  const other = await createOrg(database, { kind: 'employment_center' });
  const users: Partial<Record<Role, string>> = {};
  const userIds: string[] = [];
  for (const role of ROLES.filter((r) => r !== 'anonymous')) {
    const email = `${role}-${tag}@fuzz.test`;
    const user = await createUser(database, email, { isAdmin: role === 'sysadmin' });
    userIds.push(user.id);
    if (role === 'director') await addMember(database, user.id, root.id, 'director');
    else if (role === 'foreign') await addMember(database, user.id, other.id, 'admin');
    else if (role !== 'sysadmin') await addMember(database, user.id, centre.id, role as 'admin' | 'editor' | 'viewer');
    users[role] = email;
  }
  // Callers sign in with API tokens: a fuzzed logout ends a session cookie, not a token, so one
  // logout does not turn the rest of the round into 401s.
  const headers = { anonymous: {} } as Record<Role, Record<string, string>>;
  const sessions = {} as Record<Role, Record<string, string>>;
  for (const role of ROLES.filter((r) => r !== 'anonymous')) {
    sessions[role] = await login(app, users[role]!);
    const created = await app.inject({ method: 'POST', url: '/api/auth/tokens', headers: sessions[role], payload: { name: 'fuzz' } });
    headers[role] = { authorization: `Bearer ${created.json().token as string}` };
  }
  const create = async (url: string, payload: object): Promise<string[]> => {
    const response = await app.inject({ method: 'POST', url: `/api/orgs/${centre.id}/${url}`, headers: headers.admin, payload });
    return response.statusCode === 201 ? [response.json().id as string] : [];
  };
  const channel = await create('channels', { type: 'vk', name: 'ВК', url: 'https://vk.com/czn' });
  const audience = await create('audiences', { name: 'Молодёжь' });
  const keyMessage = await create('key-messages', { text: 'Работа рядом' });
  const plan = await create('plans', { period: 'month', periodStart: '2026-11-01', title: 'Ноябрь' });
  const item = await create('items', { kind: 'post', title: 'Ярмарка', at: '2026-11-20', channelIds: channel, planId: plan[0] ?? null });
  const token = await app.inject({ method: 'POST', url: '/api/auth/tokens', headers: sessions.editor, payload: { name: 'spare' } });
  return {
    headers,
    ids: {
      // Mostly the organisation the roles work in, with its entities; sometimes one above or a foreign one.
      orgId: [centre.id, centre.id, centre.id, centre.id, root.id, other.id],
      parentId: [root.id, centre.id, other.id],
      channelId: channel,
      audienceId: audience,
      keyMessageId: keyMessage,
      planId: plan,
      itemId: item,
      userId: userIds,
      responsibleId: userIds,
      tokenId: token.statusCode === 201 ? [token.json().id as string] : [],
      key: ['social-posts', 'press-releases'],
      normKey: ['social-posts'],
      email: Object.values(users),
      timezone: ['Europe/Moscow', 'Asia/Vladivostok', 'Etc/GMT+12', 'Pacific/Kiritimati'],
    },
  };
}

function operations(document: { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content: Record<string, { schema: Schema }> } }>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      out.push({ method: method.toUpperCase(), path, params: operation.parameters ?? [], body: operation.requestBody?.content['application/json']?.schema });
    }
  }
  return out;
}

describe.each(testDatabases())('fuzzing every route on $name', ({ name, open }) => {
  let database: Database;
  let app: App;
  const logged: { msg?: string; err?: { message?: string; code?: string; type?: string } }[] = [];

  beforeAll(async () => {
    database = await open();
    const stream = { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) };
    app = await buildApp({ config: testConfig(), database, logger: { level: 'error', stream } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it(`answers ${REQUESTS} schema-derived requests as every role without a 5xx`, async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ops = operations(document);
    const random = new Random(SEED);
    const errors: ServerError[] = [];
    const statuses: Record<string, number> = {};
    const routesSeen = new Set<string>();
    let world = await seedWorld(database, app);
    const context: GenerateContext = { random, ids: (field) => world.ids[field] ?? [] };
    const started = Date.now();
    const debug = new Map<string, number>();

    for (let n = 0; n < REQUESTS; n++) {
      if (n > 0 && n % ROUND === 0) world = await seedWorld(database, app);
      const op = ops[n % ops.length]!;
      const role = random.pick(CALLERS);
      const bad = random.chance(0.5);
      routesSeen.add(`${op.method} ${op.path}`);
      let url = op.path;
      const query: string[] = [];
      for (const param of op.params) {
        const value = bad && random.chance(0.3) ? invalid(param.schema, context, param.name) : valid(param.schema, context, param.name);
        if (param.in === 'path') url = url.replace(`{${param.name}}`, encodeParam(value));
        else if (param.required || random.chance(0.6)) query.push(`${param.name}=${encodeParam(value)}`);
      }
      if (bad && random.chance(0.1)) query.push(`unknown=${encodeParam(random.pick(['x', '\u0000', 1e21]))}`);
      if (query.length > 0) url += `?${query.join('&')}`;
      const body = op.body === undefined ? undefined : bad ? invalid(op.body, context) : valid(op.body, context);
      const payload = body === undefined ? undefined : random.chance(0.02) ? '{"broken": ' : JSON.stringify(body);
      logged.length = 0;
      const response = await app.inject({
        method: op.method as 'GET',
        url,
        // Each from its own address: the fuzzer's wrong logins must not trip the per-address
        // limit for the logins that seed the next world.
        remoteAddress: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
        headers: { ...world.headers[role], ...(payload === undefined ? {} : { 'content-type': 'application/json' }), 'accept-language': random.pick(['ru', 'en']) },
        ...(payload === undefined ? {} : { payload }),
      });
      if (process.env.RITM_FUZZ_DEBUG && !bad && response.statusCode >= 400) {
        const key = `${response.statusCode} ${op.method} ${op.path} ${role} ${response.body.slice(0, 160)}`;
        debug.set(key, (debug.get(key) ?? 0) + 1);
      }
      // The organisation everyone works in is gone: a fresh world, or the rest of the round is 404s.
      if (op.method === 'DELETE' && op.path === '/api/orgs/{orgId}' && response.statusCode < 300) world = await seedWorld(database, app);
      const bucket = `${Math.floor(response.statusCode / 100)}xx`;
      statuses[bucket] = (statuses[bucket] ?? 0) + 1;
      if (response.statusCode >= 500) {
        const err = logged.find((entry) => entry.err)?.err;
        errors.push({
          route: `${op.method} ${op.path}`,
          role,
          url: url.slice(0, 300),
          body: (payload ?? '').slice(0, 300),
          status: response.statusCode,
          error: err ? `${err.type && err.type.length > 1 ? err.type : 'Error'}${err.code ? ` ${err.code}` : ''}: ${err.message ?? ''}`.slice(0, 200) : response.body.slice(0, 200),
        });
      }
    }

    // One line per cause (route and error), with how often and the first input that showed it.
    const causes = new Map<string, { count: number; example: ServerError }>();
    for (const error of errors) {
      const key = `${error.route} — ${error.error.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').slice(0, 120)}`;
      const cause = causes.get(key) ?? { count: 0, example: error };
      cause.count++;
      causes.set(key, cause);
    }
    report(`fuzzer on ${name}`, { requests: REQUESTS, routes: routesSeen.size, seed: SEED, statuses, fiveXX: errors.length, causes: causes.size, seconds: Math.round((Date.now() - started) / 1000) });
    for (const [key, { count, example }] of causes) {
      console.info(`[reliability] 5xx ×${count} ${key}\n    e.g. as ${example.role}: ${example.url} ${example.body}`);
    }
    for (const [key, n] of [...debug].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.info(`[debug] ${n} ${key}`);
    expect(routesSeen.size).toBe(ops.length);
    expect([...causes.keys()], `${errors.length} answers of 5xx; causes above`).toEqual([]);
  });
});
