import type { Kysely, Transaction } from 'kysely';
import type { ItemCreate } from '@ritm/contracts/items';
import { addDays, isoWeekday } from '@ritm/domain/local-date';
import { periodOf } from '@ritm/domain/period';
import type { KnownOrganisationKind } from '@ritm/domain/organisation';
import { MINTRUD_2022, SUDPROF_2023, type Preset } from '@ritm/domain/presets';
import { localDateOf } from '@ritm/domain/time-zone';
import { recordAudit } from '../repositories/audit.js';
import { hashPassword } from '../auth/password.js';
import type { DB } from '../db/schema.js';
import { insertAudience } from '../repositories/audiences.js';
import { insertChannel } from '../repositories/channels.js';
import { insertKeyMessage } from '../repositories/key-messages.js';
import { insertNorms } from '../repositories/norms.js';
import { hasAnyOrg, insertMember, insertOrg as insertOrgRow } from '../repositories/orgs.js';
import { insertPlan as insertPlanRow } from '../repositories/plans.js';
import { loadOrgContext } from '../services/org-context.js';
import { insertUser } from '../repositories/users.js';
import { createItems } from '../services/items.js';
import { approveLoadedPlan } from '../services/plan-approval.js';
import { syncAllCountSelectors } from '../services/count-selectors.js';

/**
 * The demo's sign-in: a director of the regional employment department and an editor of its
 * employment centre, so that the whole product (planning, approval, the dashboard) is visible.
 */
export const DEMO_LOGIN = { email: 'demo@ritm.local', password: 'ritm-demo-2026' } as const;
/** A union editor, to show the union's side. */
export const DEMO_UNION_LOGIN = { email: 'profsoyuz@ritm.local', password: 'ritm-demo-2026' } as const;

/** Loads the demo when the database has no organisation yet; returns whether it did. */
export async function loadDemoIfEmpty(db: Kysely<DB>, now = new Date()): Promise<boolean> {
  if (await hasAnyOrg(db)) return false;
  await loadDemo(db, now);
  // Written through repositories, not the routes that register counting selectors: registered here, so the dashboard reads kept counts from the start.
  await syncAllCountSelectors(db);
  return true;
}

/**
 * Realistic Russian demo data around `now`: an employment department with an employment centre,
 * a union territorial organisation with a primary organisation of 650 members, their channels,
 * the audiences and key messages of Mintrud rec. p.63–66, presets applied, a month of items
 * (published, planned, two overdue, a week at risk), a weekly and a monthly media plan.
 * One transaction through the API's own repositories and services.
 */
export async function loadDemo(db: Kysely<DB>, now = new Date()): Promise<void> {
  const [directorHash, unionHash] = await Promise.all([hashPassword(DEMO_LOGIN.password), hashPassword(DEMO_UNION_LOGIN.password)]);
  await db.transaction().execute(async (trx) => {
    const demo = await insertUser(trx, { email: DEMO_LOGIN.email, name: 'Анна Сергеевна Волкова', passwordHash: directorHash });
    const union = await insertUser(trx, { email: DEMO_UNION_LOGIN.email, name: 'Игорь Петрович Захаров', passwordHash: unionHash });

    const department = await insertOrg(trx, { name: 'Департамент по труду и занятости населения Свердловской области', kind: 'employment_authority', timeZone: 'Asia/Yekaterinburg' });
    const centre = await insertOrg(trx, { name: 'ГКУ «Екатеринбургский центр занятости»', kind: 'employment_center', timeZone: 'Asia/Yekaterinburg', parent: department });
    const territorial = await insertOrg(trx, { name: 'Московская территориальная организация профсоюза «Судпроф»', kind: 'union_territorial', timeZone: 'Europe/Moscow', members: 4200 });
    const primary = await insertOrg(trx, {
      name: 'Первичная профсоюзная организация АО «Северная верфь»',
      kind: 'union_primary',
      timeZone: 'Europe/Moscow',
      members: 650,
      parent: territorial,
      figures: { solidarnost_copies: 5, info_budget_percent: 5.5 },
    });
    await insertMember(trx, department.id, demo.id, 'director');
    await insertMember(trx, centre.id, demo.id, 'editor');
    await insertMember(trx, territorial.id, union.id, 'editor');

    const channel = async (orgId: string, type: string, name: string, url: string | null = null) => (await insertChannel(trx, orgId, { type, name, url, since: '2025-01-01' })).id;
    const ch = {
      depSite: await channel(department.id, 'website', 'Официальный сайт департамента', 'https://szn.example.ru'),
      depVk: await channel(department.id, 'vk', 'Сообщество «Занятость Урала» ВКонтакте', 'https://vk.com/zanyatost_urala'),
      depTg: await channel(department.id, 'telegram', 'Telegram-канал департамента', 'https://t.me/zanyatost_urala'),
      depMax: await channel(department.id, 'max', 'Канал в MAX'),
      site: await channel(centre.id, 'website', 'Сайт центра занятости', 'https://czn-ekb.example.ru'),
      vk: await channel(centre.id, 'vk', 'ЦЗН Екатеринбурга ВКонтакте', 'https://vk.com/czn_ekb'),
      tg: await channel(centre.id, 'telegram', 'Telegram: вакансии Екатеринбурга', 'https://t.me/czn_ekb'),
      ok: await channel(centre.id, 'ok', 'ЦЗН Екатеринбурга в Одноклассниках', 'https://ok.ru/czn_ekb'),
      zone: await channel(centre.id, 'info_zone', 'Зона информирования в холле центра'),
      desk: await channel(centre.id, 'in_person', 'Личный приём и выездные консультации'),
      mail: await channel(centre.id, 'email', 'Рассылка работодателям'),
      terSite: await channel(territorial.id, 'website', 'Сайт территориальной организации', 'https://sudprof-msk.example.ru'),
      terVk: await channel(territorial.id, 'vk', 'Судпроф Москва ВКонтакте', 'https://vk.com/sudprof_msk'),
      terMail: await channel(territorial.id, 'email', 'Рассылка председателям первичек'),
      terChat: await channel(territorial.id, 'chat', 'Чат профактива'),
      stand: await channel(primary.id, 'info_stand', 'Профсоюзный стенд у проходной'),
      pVk: await channel(primary.id, 'vk', 'Профком «Северной верфи» ВКонтакте', 'https://vk.com/profkom_sv'),
      pTg: await channel(primary.id, 'telegram', 'Telegram профкома'),
      pMail: await channel(primary.id, 'email', 'Рассылка членам профсоюза'),
      pChat: await channel(primary.id, 'chat', 'Чат цеховых уполномоченных'),
    };

    // Mintrud rec. p.63: the key target audiences, with their packages of key messages (p.64, 66).
    const audience = async (name: string, description: string) => (await insertAudience(trx, department.id, { name, description })).id;
    const released = await audience('Высвобождаемые работники', 'Работники, находящиеся под риском увольнения, в простое, в режиме неполного рабочего времени (п. 63 «а»)');
    const idling = await audience('Работодатели с риском простоя', 'Предприятия, деятельность которых может быть остановлена или приостановлена (п. 63 «б»)');
    const hiring = await audience('Работодатели, которым нужны работники', 'Предприятия, готовые принять высвобождаемых работников, в том числе по срочным трудовым договорам (п. 63 «б»)');
    const young = await audience('Молодые специалисты', 'Выпускники колледжей и вузов, молодёжь до 35 лет');
    const disabled = await audience('Люди с инвалидностью', 'Граждане с инвалидностью, ищущие работу, и их семьи');
    const message = async (text: string, priority: number, audienceIds: string[]) => insertKeyMessage(trx, department.id, { text, priority, audienceIds });
    const msgRetrain = await message('Центр занятости бесплатно поможет переобучиться и найти новую работу до увольнения', 1, [released]);
    const msgTemporary = await message('Временное трудоустройство сохраняет доход на время простоя', 1, [released, idling]);
    const msgSupport = await message('Работодатель при риске простоя получает консультацию и меры поддержки в центре занятости', 2, [idling]);
    const msgPortal = await message('Разместите вакансию на портале «Работа в России» — центр подберёт кандидатов бесплатно', 1, [hiring]);
    const msgYoung = await message('Стажировки и первое рабочее место для выпускников — через центр занятости', 2, [young]);
    const msgQuota = await message('Квотируемые рабочие места и сопровождение при трудоустройстве людей с инвалидностью', 2, [disabled]);

    // A month of items around today on the centre's calendar.
    const today = localDateOf(now.getTime(), 'Asia/Yekaterinburg');
    // The demo's organisations adopted their norms at the start of last year: a norm judges only
    // the periods from its start (issue 11), and the demo's history should be judged whole.
    const adopted = `${Number(today.slice(0, 4)) - 1}-01-01`;
    await applyPreset(trx, department.id, MINTRUD_2022, demo.id, adopted);
    await applyPreset(trx, territorial.id, SUDPROF_2023, union.id, adopted);

    const monday = addDays(today, 1 - isoWeekday(today));
    const week = periodOf(today, 'week');
    const month = periodOf(today, 'month');
    // Approved once its items are written (below), so that the approval's snapshot holds them.
    const weekPlan = await insertPlan(trx, centre.id, 'week', week.start, `Медиаплан на неделю с ${week.start}`, demo.id);
    const monthPlan = await insertPlan(trx, centre.id, 'month', month.start, 'Медиаплан на месяц', demo.id);

    const centreItems: ItemCreate[] = [];
    const push = (day: string, item: Omit<ItemCreate, 'at' | 'status'> & { at?: string }) => {
      const past = day < today;
      const isEvent = item.kind === 'public_event' || item.kind === 'group_event';
      const inWeek = day >= week.start && day <= week.end;
      const inMonth = day >= month.start && day <= month.end;
      centreItems.push({
        ...item,
        at: item.at ?? day,
        status: past ? (isEvent ? 'held' : 'published') : 'planned',
        planId: inWeek ? weekPlan : inMonth ? monthPlan : null,
        responsibleId: demo.id,
        ...(past && !isEvent && { views: 300 + ((day.charCodeAt(9) * 37) % 900), likes: 12 + (day.charCodeAt(8) % 20), reposts: 3, comments: 2 }),
        // Social posts carry their link, so the dashboard shows confirmed beside claimed items.
        ...(past && item.kind === 'post' && { url: `https://vk.com/czn_demo?w=wall-1_${day.replaceAll('-', '')}` }),
      });
    };
    for (let w = -3; w <= 2; w++) {
      const mon = addDays(monday, 7 * w);
      // Social posts twice a week on VK and Telegram (Mintrud p.72(б)); OK falls behind this week.
      push(addDays(mon, 1), { kind: 'post', title: 'Вакансии недели: производство и логистика', channelIds: [ch.vk, ch.tg], audienceIds: [released], keyMessageIds: [msgRetrain], format: 'Подборка с карточками' });
      push(addDays(mon, 3), { kind: 'post', title: 'Как встать на учёт через «Работу в России»', channelIds: [ch.vk, ch.tg, ...(w === 0 ? [] : [ch.ok])], audienceIds: [released], keyMessageIds: [msgPortal], format: 'Инструкция' });
      if (w !== 0) push(addDays(mon, 4), { kind: 'post', title: 'История успеха: новая работа после переобучения', channelIds: [ch.ok], audienceIds: [released], keyMessageIds: [msgRetrain] });
      // Vacancy materials on the website twice a week (p.72(г)).
      push(addDays(mon, 0), { kind: 'vacancy_material', title: 'Обзор вакансий для высвобождаемых работников', channelIds: [ch.site], audienceIds: [released, hiring], keyMessageIds: [msgPortal] });
      push(addDays(mon, 2), { kind: 'vacancy_material', title: 'Вакансии с обучением на рабочем месте', channelIds: [ch.site], audienceIds: [young], keyMessageIds: [msgYoung] });
    }
    // Information materials twice a month (p.72(а)) and a public event (p.72(в)).
    push(addDays(monday, -18), { kind: 'press_release', title: 'Центр занятости провёл выездную консультацию на ЗАО «Уралмаш-Сервис»', newsHook: 'Риск простоя на предприятии', channelIds: [ch.site], audienceIds: [idling], keyMessageIds: [msgSupport, msgTemporary] });
    push(addDays(monday, -8), { kind: 'publication', title: 'Интервью директора центра «Областной газете»', channelIds: [ch.site], audienceIds: [released], keyMessageIds: [msgRetrain] });
    push(addDays(monday, 9), { kind: 'press_release', title: 'Итоги ярмарки вакансий', channelIds: [ch.site, ch.mail], audienceIds: [hiring] });
    push(addDays(monday, -11), { kind: 'public_event', title: 'День открытых дверей для людей с инвалидностью', channelIds: [ch.desk], audienceIds: [disabled], keyMessageIds: [msgQuota], format: 'День открытых дверей' });
    push(addDays(monday, 8), { kind: 'public_event', title: 'Ярмарка вакансий «Работа рядом»', newsHook: 'Сезонный набор на предприятия города', channelIds: [ch.desk, ch.vk], audienceIds: [released, hiring, young], keyMessageIds: [msgPortal, msgYoung], format: 'Ярмарка вакансий' });
    push(addDays(monday, 4), { kind: 'print_material', title: 'Буклет «Временная работа на время простоя»', channelIds: [ch.zone], audienceIds: [released, idling], keyMessageIds: [msgTemporary] });
    // Two overdue items: planned before today and not done.
    const overdue = addDays(today, -2) >= week.start ? addDays(today, -2) : week.start;
    centreItems.push({ kind: 'vacancy_material', title: 'Вакансии для молодых специалистов', at: overdue, status: 'planned', channelIds: [ch.site], audienceIds: [young], planId: overdue >= week.start ? weekPlan : monthPlan, responsibleId: demo.id });
    centreItems.push({ kind: 'post', title: 'Рассказ о стажировке выпускников колледжа', at: addDays(today, -1), status: 'in_progress', channelIds: [ch.ok], audienceIds: [young], responsibleId: demo.id, planId: addDays(today, -1) >= week.start ? weekPlan : monthPlan });

    const centreOrg = await loadOrgContext(trx, centre.id);
    await createItems(trx, centreOrg, centreItems, { userId: demo.id, paths: centreItems.map((_, i) => `demo.centre[${i}]`), now });
    await approveLoadedPlan(trx, centre.id, weekPlan, { userId: demo.id, at: now });

    const unionItems: ItemCreate[] = [];
    for (let w = -3; w <= 1; w++) {
      const mon = addDays(monday, 7 * w);
      const day = addDays(mon, 2);
      // The notice board, weekly (Sudprof VII.3); last week it was not refreshed.
      if (w !== -1) unionItems.push({ kind: 'stand_update', title: 'Обновление стенда: новости профкома', at: day, status: day < today ? 'published' : 'planned', channelIds: [ch.stand], responsibleId: union.id });
      unionItems.push({ kind: 'post', title: 'Колдоговор: что изменится с нового года', at: addDays(mon, 3), status: addDays(mon, 3) < today ? 'published' : 'planned', channelIds: [ch.pVk, ch.pTg], responsibleId: union.id });
    }
    unionItems.push({ kind: 'newsletter', title: 'Рассылка: итоги заседания профкома', at: addDays(monday, -5), status: 'published', channelIds: [ch.pMail] });
    unionItems.push({ kind: 'report', title: 'Отчёт об информационной работе за квартал', at: addDays(today, 10), status: 'planned' });
    const primaryOrg = await loadOrgContext(trx, primary.id);
    await createItems(trx, primaryOrg, unionItems, { userId: union.id, paths: unionItems.map((_, i) => `demo.primary[${i}]`), now });
    await recordAudit(trx, { orgId: null, userId: null, entity: 'demo', entityId: department.id, action: 'load', after: { today } });
  });
}

function insertOrg(
  trx: Transaction<DB>,
  org: { name: string; kind: KnownOrganisationKind; timeZone: string; members?: number; parent?: { id: string; path: string; depth: number }; figures?: Record<string, number> },
): Promise<{ id: string; path: string; depth: number }> {
  return insertOrgRow(trx, { parent: org.parent ?? null, name: org.name, kind: org.kind, timeZone: org.timeZone, members: org.members ?? null, figures: org.figures ?? {} });
}

async function applyPreset(trx: Transaction<DB>, orgId: string, preset: Preset, userId: string, effectiveFrom: string): Promise<void> {
  await insertNorms(trx, orgId, preset.norms.map(({ id, ...definition }) => ({ key: id, preset: preset.id, definition: { ...definition, effectiveFrom } })));
  await recordAudit(trx, { orgId, userId, entity: 'norm', entityId: preset.id, action: 'apply_preset', after: { preset: preset.id } });
}

async function insertPlan(
  trx: Transaction<DB>,
  orgId: string,
  period: 'week' | 'month',
  periodStart: string,
  title: string,
  userId: string,
): Promise<string> {
  const row = await insertPlanRow(trx, {
    orgId,
    period,
    periodStart,
    title,
    createdBy: userId,
  });
  return row.id;
}
