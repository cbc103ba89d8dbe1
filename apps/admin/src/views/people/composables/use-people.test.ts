import { createTestingPinia } from '@pinia/testing';
import { capabilitiesOf } from '@ritm/domain/access';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request, type RequestOptions } from '../../../api/client.js';
import type { Member } from '../../../api/types.js';
import { i18n } from '../../../i18n.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { centre } from '../../calendar/composables/calendar-test-setup.js';
import { peopleErrorText, usePeople } from './use-people.js';

vi.mock('../../../api/client.js', async (actual) => ({ ...(await actual<object>()), request: vi.fn() }));
const requestMock = vi.mocked(request);

const member = (over: Partial<Member> = {}): Member => ({
  userId: 'u1',
  email: 'editor@example.org',
  name: 'Ольга Редактор',
  role: 'editor',
  orgId: 'org',
  orgName: 'ЦЗН Кировского района',
  inherited: false,
  version: 3,
  grantedBy: { id: 'a', name: 'Анна Админ', email: 'admin@example.org' },
  grantedAt: '2026-11-20T07:30:00.000Z',
  active: true,
  mustChangePassword: false,
  may: { changeRole: true, manageUser: true },
  userVersion: 5,
  ...over,
});

/** The API as the screen meets it, and what each call sent. */
function api(answers: Record<string, (options?: RequestOptions) => unknown> = {}) {
  const calls: Array<{ path: string; options?: RequestOptions }> = [];
  requestMock.mockImplementation(async (path: string, options?: RequestOptions) => {
    calls.push({ path, ...(options && { options }) });
    const key = `${options?.method ?? 'GET'} ${path}`;
    if (answers[key]) return answers[key](options);
    if (key === 'GET /orgs/org/members') return { members: [member()] };
    throw new Error(`unexpected ${key}`);
  });
  return calls;
}

describe('the People screen', () => {
  beforeEach(() => {
    requestMock.mockReset();
    createTestingPinia({ stubActions: false, createSpy: vi.fn });
    const orgs = useOrgsStore();
    orgs.list = [{ ...centre, role: 'admin', roles: ['admin'], capabilities: capabilitiesOf(['admin']) }];
    orgs.currentId = 'org';
    i18n.global.locale.value = 'ru';
  });

  it('says who gave a role and when in the organisation\u2019s zone, or that it is unknown, and the account\u2019s state', async () => {
    api();
    const people = usePeople(() => 'org');
    await people.load();
    expect(people.granted(people.members.value[0]!)).toBe('Выдал(а) Анна Админ, 20 нояб. 2026, 10:30');
    expect(people.granted(member({ grantedBy: null, grantedAt: null }))).toBe('Кто и когда выдал — неизвестно');
    expect(people.status(member({ active: false }))).toEqual({ label: 'Отключён', tone: 'error' });
    expect(people.status(member({ mustChangePassword: true })).tone).toBe('warning');
    expect(people.roleOptions.value.map((option) => option.value)).toEqual(['admin', 'director', 'editor', 'viewer']);
  });

  it('creates a person with a first role here and keeps the temporary password for the handover', async () => {
    const calls = api({ 'POST /users': () => ({ id: 'n', email: 'new@example.org', temporaryPassword: 'Tmp2345678abcd', mustChangePassword: true }) });
    const people = usePeople(() => 'org');
    Object.assign(people.form, { name: ' Новый ', email: ' new@example.org ', role: 'viewer' });
    expect(await people.create()).toBe(true);
    expect(calls[0]).toEqual({ path: '/users', options: { method: 'POST', body: { email: 'new@example.org', name: 'Новый', locale: 'ru', orgId: 'org', role: 'viewer' } } });
    expect(people.handover.value).toEqual({ email: 'new@example.org', password: 'Tmp2345678abcd' });
    expect(people.form.email).toBe('');
  });

  it('shows the server\u2019s field messages and refusals on the form', async () => {
    api({
      'POST /users': () => {
        throw new ApiError(409, 'email_taken', 'Пользователь с такой почтой уже есть');
      },
    });
    const people = usePeople(() => 'org');
    expect(await people.create()).toBe(false);
    expect(people.fieldErrors.value).toEqual({ email: 'Укажите почту' });
    people.form.email = 'taken@example.org';
    expect(await people.create()).toBe(false);
    expect(people.formError.value).toBe('Пользователь с такой почтой уже есть');
  });

  it('sends each change with the version it was read at, and the account\u2019s own version for the account', async () => {
    const calls = api({
      'PATCH /orgs/org/members/u1': () => ({ role: 'viewer', version: 4 }),
      'DELETE /orgs/org/members/u1': () => undefined,
      'PATCH /users/u1': () => ({ id: 'u1', active: false, mustChangePassword: false, version: 6 }),
      'POST /users/u1/password-reset': () => ({ id: 'u1', active: true, mustChangePassword: true, version: 6, temporaryPassword: 'Reset234567abc' }),
    });
    const people = usePeople(() => 'org');
    const row = member();
    await people.changeRole(row, 'viewer');
    await people.takeRole(row);
    await people.setActive(row, false);
    await people.resetPassword(row);
    const writes = calls.filter((call) => call.options?.method);
    expect(writes).toEqual([
      { path: '/orgs/org/members/u1', options: { method: 'PATCH', body: { role: 'viewer' }, version: 3 } },
      { path: '/orgs/org/members/u1', options: { method: 'DELETE', version: 3 } },
      { path: '/users/u1', options: { method: 'PATCH', body: { active: false }, version: 5 } },
      { path: '/users/u1/password-reset', options: { method: 'POST', body: {}, version: 5 } },
    ]);
    expect(people.handover.value).toEqual({ email: 'editor@example.org', password: 'Reset234567abc' });
    // The list is read afresh after every change.
    expect(calls.filter((call) => call.path === '/orgs/org/members' && !call.options?.method)).toHaveLength(4);
  });

  it('words the last-administrator refusal as the server did, naming the organisation', () => {
    const refusal = new ApiError(409, 'last_admin', 'Нельзя: у организации «ЦЗН» не останется ни одного администратора');
    expect(peopleErrorText(refusal)).toContain('«ЦЗН»');
    expect(peopleErrorText(new ApiError(500, 'server', 'boom'))).not.toContain('boom');
  });

  it('searches people by e-mail or name, and keeps only the answer to the latest search', async () => {
    let release: (value: unknown) => void = () => {};
    const calls = api({
      'GET /orgs/org/member-candidates': (options) =>
        options?.query?.q === 'ол'
          ? new Promise((resolve) => (release = resolve))
          : { users: [{ id: 'c', email: 'olga@example.org', name: 'Ольга', active: true, unassigned: true }] },
    });
    const people = usePeople(() => 'org');
    const slow = people.search('ол');
    await people.search('ольга');
    release({ users: [] });
    await slow;
    expect(people.candidates.value.map((c) => c.id)).toEqual(['c']);
    expect(calls.map((call) => call.options?.query)).toEqual([{ q: 'ол' }, { q: 'ольга' }]);
  });
});
