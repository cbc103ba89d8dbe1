/**
 * A small API client for setting up the journeys' data through the real API,
 * as an administrator would (no database access, nothing mocked).
 */
export class ApiSession {
  private cookie = '';
  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<this> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
    this.cookie = (response.headers.getSetCookie?.() ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    return this;
  }

  async call<T>(method: string, path: string, body?: unknown, version?: number): Promise<T> {
    const headers: Record<string, string> = { Cookie: this.cookie, Origin: this.baseUrl, Accept: 'application/json' };
    if (method !== 'GET') headers['Content-Type'] = 'application/json';
    if (version !== undefined) headers['If-Match'] = String(version);
    const response = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export interface World {
  region: { id: string; name: string };
  centre: { id: string; name: string };
  other: { id: string; name: string };
  vk: { id: string };
  website: { id: string };
  users: { press: Login; director: Login; stranger: Login };
}

interface Login {
  email: string;
  password: string;
  name: string;
}

let counter = 0;

/**
 * A fresh organisation tree for one journey: a regional authority (the
 * director's) with an employment centre (the press officer's), and an
 * unrelated centre with its own editor. Mintrud's preset applies to the centre.
 */
export async function createWorld(admin: ApiSession, label: string): Promise<World> {
  const tag = `${label}-${Date.now().toString(36)}-${counter++}`;
  const region = await admin.call<{ id: string; name: string }>('POST', '/orgs', {
    name: `Комитет по труду (${tag})`,
    kind: 'employment_authority',
    timezone: 'Europe/Moscow',
  });
  const centre = await admin.call<{ id: string; name: string }>('POST', '/orgs', {
    name: `ЦЗН Кировского района (${tag})`,
    kind: 'employment_center',
    parentId: region.id,
    timezone: 'Europe/Moscow',
  });
  const other = await admin.call<{ id: string; name: string }>('POST', '/orgs', {
    name: `ЦЗН Соседнего района (${tag})`,
    kind: 'employment_center',
    timezone: 'Europe/Moscow',
  });
  const password = 'journey-password-1';
  const users = {
    press: { email: `press-${tag}@example.org`, password, name: 'Анна Пресс-секретарь' },
    director: { email: `director-${tag}@example.org`, password, name: 'Борис Директор' },
    stranger: { email: `stranger-${tag}@example.org`, password, name: 'Вера Чужая' },
  };
  for (const user of Object.values(users)) await admin.call('POST', '/users', { ...user, locale: 'ru' });
  await admin.call('POST', `/orgs/${centre.id}/members`, { email: users.press.email, role: 'editor' });
  await admin.call('POST', `/orgs/${region.id}/members`, { email: users.director.email, role: 'director' });
  await admin.call('POST', `/orgs/${other.id}/members`, { email: users.stranger.email, role: 'editor' });
  const vk = await admin.call<{ id: string }>('POST', `/orgs/${centre.id}/channels`, { type: 'vk', name: 'ВКонтакте ЦЗН', since: '2020-01-01' });
  const website = await admin.call<{ id: string }>('POST', `/orgs/${centre.id}/channels`, { type: 'website', name: 'Сайт ЦЗН', since: '2020-01-01' });
  await admin.call('POST', `/orgs/${centre.id}/norms`, { preset: 'mintrud-2022' });
  await admin.call('POST', `/orgs/${centre.id}/audiences`, { name: 'Молодёжь', description: 'Выпускники и студенты' });
  await admin.call('POST', `/orgs/${other.id}/channels`, { type: 'vk', name: 'ВКонтакте соседей' });
  return { region, centre, other, vk, website, users };
}
