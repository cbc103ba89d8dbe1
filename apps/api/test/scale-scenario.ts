import { expect } from 'vitest';
import type { App } from '../src/app.js';
import type { Database } from '../src/db/connection.js';
import { addMember, createOrg, createUser, login } from './fixtures.js';

/*
 * What the scaling tests (issue 17) write and read: a committee with two employment centres under
 * the Mintrud preset, channels and a month of posts written through the API, and the dashboards
 * read back. The replica test and the two-process test compare these answers between two apps.
 */

/**
 * The clock of the apps under test (`now: scaleNow`): the norms are added on 1 October, before the
 * month judged (a norm counts from the period it is added in), the posts on 20 November (a post is
 * published on or before its day); the reads ask `asOf` a fixed day: nothing depends on the real date.
 * Set by {@link seedTree} from its start: another file's tree seeded in the same worker moved it on.
 */
const NORMS_ADDED = new Date('2026-10-01T09:00:00Z');
let clock = NORMS_ADDED;
export const scaleNow = () => clock;
const AS_OF = '2026-11-18';

export interface ScaleTree {
  regionId: string;
  centreIds: string[];
  /** The VK channel of each centre, by centre id. */
  vk: Record<string, string>;
  /** The admin's session: sessions live in the database, so any app over it accepts them. */
  headers: Record<string, string>;
}

/** The tree, its norms, channels and posts; `app` is where the writes go (the primary). */
export async function seedTree(database: Database, app: App, email: string): Promise<ScaleTree> {
  clock = NORMS_ADDED;
  const regionId = (await createOrg(database, { kind: 'employment_authority', name: 'Комитет по труду' })).id;
  const centreIds = [
    (await createOrg(database, { kind: 'employment_center', parentId: regionId, name: 'ЦЗН Центральный' })).id,
    (await createOrg(database, { kind: 'employment_center', parentId: regionId, name: 'ЦЗН Заречный', timezone: 'Asia/Yekaterinburg' })).id,
  ];
  const user = await createUser(database, email);
  await addMember(database, user.id, regionId, 'admin');
  const headers = await login(app, email);
  const tree: ScaleTree = { regionId, centreIds, vk: {}, headers };
  await call(app, tree, 'POST', `/orgs/${regionId}/norms`, { preset: 'mintrud-2022' }, 201);
  clock = new Date('2026-11-20T09:00:00Z');
  for (const orgId of centreIds) {
    tree.vk[orgId] = (await call(app, tree, 'POST', `/orgs/${orgId}/channels`, { type: 'vk', name: 'ВКонтакте' }, 201)).id;
    await call(app, tree, 'POST', `/orgs/${orgId}/channels`, { type: 'website', name: 'Сайт' }, 201);
  }
  for (const day of ['2026-11-02', '2026-11-05', '2026-11-10']) await addPost(app, tree, tree.centreIds[0]!, day);
  await addPost(app, tree, tree.centreIds[1]!, '2026-11-03');
  return tree;
}

/** A published post on VK of one centre, written through `app`. */
export async function addPost(app: App, tree: ScaleTree, orgId: string, day: string): Promise<void> {
  await call(app, tree, 'POST', `/orgs/${orgId}/items`, { kind: 'post', title: `Пост ${day}`, at: day, status: 'published', channelIds: [tree.vk[orgId]] }, 201);
}

/** The dashboards' reads: the summary, the heatmap by week, one centre's compliance and suggestions, and its month of items. */
export function dashboardPaths(tree: ScaleTree): string[] {
  const centre = tree.centreIds[0]!;
  const range = `from=2026-11-01&to=2026-11-30&asOf=${AS_OF}`;
  return [
    `/api/orgs/${tree.regionId}/compliance/summary?${range}`,
    `/api/orgs/${tree.regionId}/compliance/periods?${range}&granularity=week`,
    `/api/orgs/${centre}/compliance?${range}`,
    `/api/orgs/${centre}/suggestions?${range}`,
    `/api/orgs/${centre}/items?from=2026-11-01&to=2026-11-30`,
  ];
}

/** Each path's answer through `app`, as its bytes and content type; every one must be 200. */
export async function readAll(app: App, tree: ScaleTree, paths: string[]): Promise<Record<string, { type: string | undefined; body: string }>> {
  const answers: Record<string, { type: string | undefined; body: string }> = {};
  for (const url of paths) {
    const response = await app.inject({ method: 'GET', url, headers: tree.headers });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    answers[url] = { type: response.headers['content-type'] as string | undefined, body: response.body };
  }
  return answers;
}

async function call(app: App, tree: ScaleTree, method: 'POST', path: string, payload: object, status: number) {
  const response = await app.inject({ method, url: `/api${path}`, headers: tree.headers, payload });
  expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(status);
  return response.json();
}
