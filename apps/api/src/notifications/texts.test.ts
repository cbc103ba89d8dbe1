import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS, type NotificationPayload } from '@ritm/domain/notifications';
import { notificationText } from './texts.js';

const org = { orgId: 'o1', orgName: 'ЦЗН Ленинского района' };
const plan = { ...org, planId: 'p1', planTitle: 'Ноябрь 2026', actorName: 'Иванова И. И.' };

const samples: NotificationPayload[] = [
  { kind: 'plan_submitted', ...plan },
  { kind: 'plan_approved', ...plan },
  { kind: 'plan_returned', ...plan, comment: 'Добавьте ярмарку вакансий' },
  { kind: 'item_assigned', ...org, itemId: 'i1', itemTitle: 'Ярмарка вакансий', day: '2026-11-26', actorName: 'Петров П. П.' },
  { kind: 'norm_at_risk', ...org, normId: 'n1', normTitle: 'Публикации ВКонтакте', periodStart: '2026-11-23', periodEnd: '2026-11-29', done: 1, required: 2 },
  { kind: 'report_ready', ...org, reportId: 'r1', reportTitle: 'Соблюдение нормативов, ноябрь 2026' },
  { kind: 'weekly_digest', ...org, week: '2026-W48', atRisk: 2, overdue: 1 },
  // issue 15 — proposals upwards
  { kind: 'proposal_received', ...org, proposalId: 'x1', proposalTitle: 'Ярмарка вакансий', otherOrgName: 'ППО завода', actorName: 'Петров П. П.' },
  { kind: 'proposal_answered', ...org, proposalId: 'x1', proposalTitle: 'Ярмарка вакансий', otherOrgName: 'Теркомитет', actorName: 'Иванова И. И.', outcome: 'accepted', day: '2026-12-03', reason: null },
  { kind: 'proposal_answered', ...org, proposalId: 'x2', proposalTitle: 'Субботник', otherOrgName: 'Теркомитет', actorName: 'Иванова И. И.', outcome: 'declined', day: null, reason: 'Уже было в ноябре' },
  // issue 15 — materials down the tree
  { kind: 'material_received', ...org, materialId: 'm1', materialTitle: 'Колдоговор-2027', fromOrgName: 'ЦК профсоюза', day: '2026-12-05', deadline: '2026-12-10' },
  { kind: 'placement_declined', ...org, materialId: 'm1', materialTitle: 'Колдоговор-2027', targetOrgName: 'Первичка 2', reason: 'Нет стенда' },
];

/** The `index`-th sample of a kind: sections add samples of their own, so none is found by its position. */
function sample<K extends NotificationPayload['kind']>(kind: K, index = 0): Extract<NotificationPayload, { kind: K }> {
  const found = samples.filter((s): s is Extract<NotificationPayload, { kind: K }> => s.kind === kind)[index];
  if (found === undefined) throw new Error(`no sample ${index} of ${kind}`);
  return found;
}

describe('notificationText', () => {
  it('says every kind in both languages, naming what and where', () => {
    expect(new Set(samples.map((s) => s.kind))).toEqual(new Set(NOTIFICATION_KINDS));
    for (const payload of samples) {
      for (const lang of ['ru', 'en'] as const) {
        const { title, body } = notificationText(payload, lang);
        expect(title).toContain(org.orgName);
        expect(title).not.toMatch(/[{}]/);
        expect(body).not.toMatch(/[{}]/);
        expect(body).not.toBe('');
      }
    }
  });

  it('tells a target where and by when to place a material, and its author why a target declined (issue 15)', () => {
    expect(notificationText(sample('material_received'), 'ru')).toEqual({
      title: 'Материал для размещения: «Колдоговор-2027» — ЦЗН Ленинского района',
      body: 'От: ЦК профсоюза. Разместить: 5 декабря, срок: 10 декабря',
    });
    expect(notificationText(sample('placement_declined'), 'en')).toEqual({ title: 'Первичка 2 declined “Колдоговор-2027” — ЦЗН Ленинского района', body: 'Reason: Нет стенда' });
  });

  it("carries a returned plan's comment, in the words of the issue", () => {
    expect(notificationText(sample('plan_returned'), 'ru')).toEqual({
      title: 'План «Ноябрь 2026» возвращён — ЦЗН Ленинского района',
      body: 'Вернул(а) на доработку Иванова И. И.: Добавьте ярмарку вакансий',
    });
    expect(notificationText(sample('plan_returned'), 'en').title).toBe('Plan “Ноябрь 2026” returned — ЦЗН Ленинского района');
  });

  it("says a norm's count and its period", () => {
    expect(notificationText(sample('norm_at_risk'), 'ru').body).toBe('1 из 2, неделя 23–29 ноября');
    expect(notificationText(sample('norm_at_risk'), 'en').body).toMatch(/^1 of 2, week 23\s?–\s?29 November$/);
    const month = { ...sample('norm_at_risk'), periodStart: '2026-11-01', periodEnd: '2026-11-30' };
    expect(notificationText(month, 'ru').body).toBe('1 из 2, месяц 1–30 ноября');
  });

  it("gives an item's day and who assigned it, or only the day when nobody did", () => {
    expect(notificationText(sample('item_assigned'), 'ru').body).toBe('Дата: 26 ноября. Назначил(а): Петров П. П.');
    expect(notificationText({ ...sample('item_assigned'), actorName: '' }, 'en').body).toBe('Date: 26 November');
  });

  it("dates a digest by its week and says when all is on track", () => {
    expect(notificationText(sample('weekly_digest'), 'ru').title).toBe('Сводка за неделю 23–29 ноября — ЦЗН Ленинского района');
    expect(notificationText({ ...sample('weekly_digest'), week: '2027-W01', atRisk: 0, overdue: 0 }, 'ru')).toEqual({
      title: 'Сводка за неделю 4–10 января — ЦЗН Ленинского района',
      body: 'Всё идёт по плану',
    });
  });

  it('tells the proposer where their news was planned, or why it was declined (issue 15)', () => {
    expect(notificationText(sample('proposal_answered'), 'ru')).toEqual({
      title: 'Предложение «Ярмарка вакансий» принято — ЦЗН Ленинского района',
      body: 'Теркомитет: в плане на 3 декабря. Принял(а): Иванова И. И.',
    });
    expect(notificationText(sample('proposal_answered', 1), 'en').body).toBe('Теркомитет: declined by Иванова И. И.; reason: Уже было в ноябре');
    expect(notificationText(sample('proposal_received'), 'ru').body).toBe('Предлагает ППО завода: Петров П. П.');
  });
});
