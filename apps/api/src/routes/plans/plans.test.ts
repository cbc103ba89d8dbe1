import { CAPABILITIES, ROLES, type Role } from '@ritm/domain/access';
import { PLAN_ACTIONS, PLAN_STATUSES, type PlanStatus } from '@ritm/domain/media-plan';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { testDatabases } from '../../../test/databases.js';
import { addMember, createOrg, createUser, login } from '../../../test/fixtures.js';

type Headers = Record<string, string>;

// What the server says a caller may do: capabilities per organisation, moves per plan. The lists
// are written out here, role by role, as the product promises them; the API must both say them
// and keep them (every move it lists succeeds, every other one is refused).
describe.each(testDatabases())('what the caller may do, on $name', ({ open }) => {
  const ctx = useTestApp(open);
  let root: Headers;
  let regionId: string;
  let centreId: string;
  const as = new Map<Role | 'combined', Headers>();

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers, payload?: object) =>
    ctx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function newPlan(periodStart: string): Promise<{ id: string; version: number }> {
    const created = await call('POST', `/api/orgs/${centreId}/plans`, root, { period: 'week', periodStart, title: `План ${periodStart}` });
    expect(created.statusCode, created.body).toBe(201);
    return created.json();
  }

  /** Brings a plan to a status as the system administrator; `changed` by editing an item of its week after approval. */
  async function bring(plan: { id: string; version: number }, to: PlanStatus): Promise<void> {
    const current = (await call('GET', `/api/orgs/${centreId}/plans/${plan.id}`, root)).json() as { status: PlanStatus; version: number; periodStart: string };
    plan.version = current.version;
    if (current.status === to) return;
    if (to === 'changed') {
      await bring(plan, 'approved');
      const item = await call('POST', `/api/orgs/${centreId}/items`, root, { kind: 'post', title: 'Правка после утверждения', at: current.periodStart });
      expect(item.statusCode, item.body).toBe(201);
      plan.version = (await call('GET', `/api/orgs/${centreId}/plans/${plan.id}`, root)).json().version;
      return;
    }
    // Every status is reached from a draft, and every status goes back to draft.
    const via: PlanStatus[] = current.status === 'draft' || to === 'draft' ? [to] : ['draft', to];
    for (const status of via) {
      const moved = await call('POST', `/api/orgs/${centreId}/plans/${plan.id}/status`, root, { status, version: plan.version, comment: 'к проверке' });
      expect(moved.statusCode, moved.body).toBe(200);
      plan.version = moved.json().version;
    }
  }

  beforeAll(async () => {
    await createUser(ctx.database, 'root@example.org', { isAdmin: true });
    root = await login(ctx.app, 'root@example.org');
    regionId = (await createOrg(ctx.database, { kind: 'employment_authority', name: 'Комитет' })).id;
    centreId = (await createOrg(ctx.database, { kind: 'employment_center', parentId: regionId, name: 'ЦЗН' })).id;
    for (const role of ROLES) {
      const user = await createUser(ctx.database, `${role}@example.org`);
      await addMember(ctx.database, user.id, centreId, role);
      as.set(role, await login(ctx.app, `${role}@example.org`));
    }
    // A director of the region who also edits at the centre: the roles combine below.
    const combined = await createUser(ctx.database, 'combined@example.org');
    await addMember(ctx.database, combined.id, regionId, 'director');
    await addMember(ctx.database, combined.id, centreId, 'editor');
    as.set('combined', await login(ctx.app, 'combined@example.org'));
  });

  it("gives each organisation the caller's capabilities there, role by role", async () => {
    const expected: Record<Role, string[]> = {
      viewer: ['org.read'],
      editor: ['org.read', 'item.edit', 'plan.edit', 'catalogue.edit', 'norm.manage'],
      director: ['org.read', 'plan.approve', 'norm.adjust', 'exemption.grant', 'audit.read'],
      admin: ['org.read', 'item.edit', 'plan.edit', 'plan.approve', 'catalogue.edit', 'norm.manage', 'norm.adjust', 'exemption.grant', 'audit.read', 'org.admin', 'member.manage'],
    };
    for (const role of ROLES) {
      const one = await call('GET', `/api/orgs/${centreId}`, as.get(role)!);
      expect(one.statusCode).toBe(200);
      expect(one.json(), role).toMatchObject({ role, roles: [role], capabilities: expected[role] });
      const list = (await call('GET', '/api/orgs', as.get(role)!)).json().organisations as Array<{ id: string; capabilities: string[] }>;
      expect(list.find((org) => org.id === centreId)?.capabilities, role).toEqual(expected[role]);
    }
    expect((await call('GET', `/api/orgs/${centreId}`, root)).json().capabilities).toEqual(expected.admin);
  });

  it('combines the roles held here and inherited from above', async () => {
    const list = (await call('GET', '/api/orgs', as.get('combined')!)).json().organisations as Array<{ id: string; role: string; capabilities: string[] }>;
    expect(list.find((org) => org.id === regionId)).toMatchObject({ role: 'director', capabilities: ['org.read', 'plan.approve', 'norm.adjust', 'exemption.grant', 'audit.read'] });
    const centre = list.find((org) => org.id === centreId);
    expect(centre?.capabilities).toEqual(['org.read', 'item.edit', 'plan.edit', 'plan.approve', 'catalogue.edit', 'norm.manage', 'norm.adjust', 'exemption.grant', 'audit.read']);
    expect((await call('GET', `/api/orgs/${centreId}`, as.get('combined')!)).json().capabilities).toEqual(centre?.capabilities);
  });

  it("gives each plan the moves the caller may make now from its status, in every answer", async () => {
    const plan = await newPlan('2026-11-02');
    const moves = async (headers: Headers) => {
      const listed = (await call('GET', `/api/orgs/${centreId}/plans`, headers)).json().plans as Array<{ id: string; transitions: unknown[] }>;
      const one = (await call('GET', `/api/orgs/${centreId}/plans/${plan.id}`, headers)).json() as { transitions: Array<{ action: string }> };
      expect(listed.find((p) => p.id === plan.id)?.transitions).toEqual(one.transitions);
      return one.transitions.map((t) => t.action);
    };
    expect(await moves(as.get('viewer')!)).toEqual([]);
    expect(await moves(as.get('editor')!)).toEqual(['submit']);
    expect(await moves(as.get('director')!)).toEqual(['approve', 'archive']);
    expect(await moves(as.get('admin')!)).toEqual(['submit', 'approve', 'archive']);

    const renamed = await call('PATCH', `/api/orgs/${centreId}/plans/${plan.id}`, as.get('editor')!, { title: 'Неделя', version: plan.version });
    expect(renamed.json().transitions).toEqual([{ action: 'submit', status: 'submitted', commentRequired: false }]);
    const submitted = await call('POST', `/api/orgs/${centreId}/plans/${plan.id}/status`, as.get('editor')!, { status: 'submitted', version: renamed.json().version });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().transitions).toEqual([{ action: 'withdraw', status: 'draft', commentRequired: false }]);
    expect((await call('GET', `/api/orgs/${centreId}/plans/${plan.id}`, as.get('director')!)).json().transitions).toEqual([
      { action: 'return', status: 'draft', commentRequired: true },
      { action: 'approve', status: 'approved', commentRequired: false },
      { action: 'archive', status: 'archived', commentRequired: false },
    ]);
    expect(await moves(as.get('combined')!)).toEqual(['return', 'withdraw', 'approve', 'archive']);
  });

  it('accepts every move it lists and refuses every other one, for each role and status', async () => {
    const plan = await newPlan('2026-11-09');
    for (const role of ROLES) {
      for (const from of PLAN_STATUSES) {
        await bring(plan, from);
        const listed = (await call('GET', `/api/orgs/${centreId}/plans/${plan.id}`, as.get(role)!)).json().transitions as Array<{ status: PlanStatus; commentRequired: boolean }>;
        for (const to of PLAN_STATUSES.filter((status) => status !== from)) {
          await bring(plan, from);
          const move = listed.find((t) => t.status === to);
          const answer = await call('POST', `/api/orgs/${centreId}/plans/${plan.id}/status`, as.get(role)!, {
            status: to,
            version: plan.version,
            ...(move?.commentRequired ? { comment: 'Доработать' } : {}),
          });
          if (move) expect(answer.statusCode, `${role}: ${from} → ${to}`).toBe(200);
          else expect([403, 409], `${role}: ${from} → ${to}`).toContain(answer.statusCode);
        }
      }
    }
  });

  it('records a return, and asks a director who returns a plan why', async () => {
    const plan = await newPlan('2026-11-16');
    await bring(plan, 'submitted');
    const silent = await call('POST', `/api/orgs/${centreId}/plans/${plan.id}/status`, as.get('director')!, { status: 'draft', version: plan.version });
    expect(silent.statusCode).toBe(400);
    expect(silent.json().error.details).toEqual([{ path: 'body.comment', message: expect.any(String) }]);
    const returned = await call('POST', `/api/orgs/${centreId}/plans/${plan.id}/status`, as.get('director')!, { status: 'draft', version: plan.version, comment: 'Добавьте событие' });
    expect(returned.statusCode).toBe(200);
    const audit = (await call('GET', `/api/orgs/${centreId}/audit?entity=media_plan`, root)).json().entries as Array<{ entityId: string; action: string }>;
    expect(audit.filter((entry) => entry.entityId === plan.id).map((entry) => entry.action)).toContain('return');
  });

  it('documents capabilities and transitions in the OpenAPI document, with their vocabularies', async () => {
    const spec = (await call('GET', '/api/openapi.json', {})).json();
    const body = (path: string) => spec.paths[path].get.responses['200'].content['application/json'].schema;
    const values = (schema: { anyOf: Array<{ enum: string[] }> }) => schema.anyOf.flatMap((branch) => branch.enum);
    expect(values(body('/api/orgs/{orgId}').properties.capabilities.items)).toEqual([...CAPABILITIES]);
    expect(values(body('/api/orgs').properties.organisations.items.properties.capabilities.items)).toEqual([...CAPABILITIES]);
    const transition = body('/api/orgs/{orgId}/plans/{planId}').properties.transitions.items;
    expect(values(transition.properties.action)).toEqual([...PLAN_ACTIONS]);
    expect(values(body('/api/orgs/{orgId}/plans').properties.plans.items.properties.transitions.items.properties.status)).toEqual([...PLAN_STATUSES]);
  });
});
