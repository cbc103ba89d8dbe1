import type { PlanChanges, PlanSnapshotItem } from '@ritm/contracts/plans';
import { describe, expect, it } from 'vitest';
import { describePlanChanges } from './use-plan-changes.js';

const item = (over: Partial<PlanSnapshotItem>): PlanSnapshotItem => ({
  id: 'a',
  kind: 'post',
  title: 'Вакансии недели',
  newsHook: '',
  format: '',
  status: 'planned',
  at: '2026-11-24',
  localDay: '2026-11-24',
  channelIds: ['vk'],
  audienceIds: [],
  keyMessageIds: [],
  responsibleId: null,
  ...over,
});

const changes: PlanChanges = {
  approval: { id: 'ap', approvedBy: 'd', approverName: 'Пётр Директоров', approvedAt: '2026-11-20T05:00:00.000Z' },
  added: [item({ id: 'n', title: 'Новый пост', localDay: '2026-11-26', at: '2026-11-26' })],
  removed: [item({ id: 'r', title: 'Удалённый', localDay: '2026-11-25', at: '2026-11-25' })],
  changed: [
    {
      id: 'a',
      before: item({}),
      after: item({ title: 'Вакансии', channelIds: ['vk', 'tg'], status: 'cancelled', responsibleId: 'u' }),
      fields: [
        { field: 'title', before: 'Вакансии недели', after: 'Вакансии' },
        { field: 'status', before: 'planned', after: 'cancelled' },
        { field: 'channelIds', before: ['vk'], after: ['vk', 'tg'] },
        { field: 'responsibleId', before: null, after: 'u' },
        { field: 'at', before: '2026-11-24', after: '2026-11-24T10:00' },
      ],
    },
  ],
  names: { vk: 'ВКонтакте', tg: 'Телеграм', u: 'Ирина' },
};

describe('the difference a director reads before approving again', () => {
  it('lists added, removed and changed items with their day and title', () => {
    const rows = describePlanChanges(changes, { timeZone: 'Asia/Yekaterinburg', locale: 'ru' });
    expect(rows.map((r) => [r.change, r.day, r.title])).toEqual([
      ['added', '26.11.2026', 'Новый пост'],
      ['removed', '25.11.2026', 'Удалённый'],
      ['changed', '24.11.2026', 'Вакансии'],
    ]);
  });

  it('names each changed field and shows its values as a person reads them', () => {
    const [, , changed] = describePlanChanges(changes, { timeZone: 'Asia/Yekaterinburg', locale: 'ru' });
    expect(changed!.fields.map((f) => [f.label, f.before, f.after])).toEqual([
      ['название', 'Вакансии недели', 'Вакансии'],
      ['статус', 'запланировано', 'отменено'],
      ['каналы', 'ВКонтакте', 'ВКонтакте, Телеграм'],
      ['ответственный', '—', 'Ирина'],
      ['дата и время', '24.11.2026', '24.11.2026 10:00'],
    ]);
  });
});
