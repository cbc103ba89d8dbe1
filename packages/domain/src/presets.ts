/**
 * Presets: the norms of the source documents as data, each with the paragraph
 * and words it comes from (see shared/norms.md). An organisation picks a
 * preset and may add norms of its own or override a preset norm by id.
 */
import { SOCIAL_NETWORK_TYPES } from './channel.js';
import { KNOWN_FIGURES, type KnownOrganisationKind } from './organisation.js';
import type { Norm } from './norm.js';

/** A document's norms, ready to apply. */
export interface Preset {
  id: string;
  /** The preset's name, in Russian. */
  title: string;
  /** The source document as cited; each norm's section and paragraph are in its own `source.paragraph`. */
  document: string;
  /**
   * The organisation kinds the document is written for: only organisations of
   * these kinds may apply the preset (the union's concept binds no employment
   * centre).
   */
  orgKinds: readonly KnownOrganisationKind[];
  norms: readonly Norm[];
}

const MINTRUD =
  'Методические рекомендации для органов службы занятости, разд. VI «Информационная поддержка мероприятий, проводимых органами службы занятости» (в ред. приказа Минтруда России от 08.06.2022 № 349)';

const SUDPROF =
  'Концепция информационной политики Межрегионального профсоюза работников судостроения, судоремонта и морской техники (утв. постановлением ЦК № 2/2 от 22.05.2023)';

const MFP =
  'Постановление Президиума МФП от 17.02.2022 № 13-1 «О проведении Года информационной политики и цифровизации» и План мероприятий (приложение № 1)';

const UNION_KINDS = ['union_primary', 'union_territorial'] as const;

/** Every level of a trade union: the documents of a union are written for all of them. */
const UNION_LEVELS = ['union_central', 'union_territorial', 'union_primary'] as const;

export const MINTRUD_2022: Preset = {
  id: 'mintrud-2022',
  title: 'Минтруд: информационная поддержка службы занятости (2022)',
  document: MINTRUD,
  // Section VI is written for the employment service: the regional authority and its centres.
  orgKinds: ['employment_authority', 'employment_center'],
  norms: [
    {
      id: 'info-materials',
      type: 'frequency',
      min: 2,
      per: 'month',
      // Kinds of p.71(а, в, г): press, print, audio and video. Posts, p.71(б), have their own norm, p.72(б) (social-posts).
      kinds: ['press_release', 'comment', 'publication', 'print_material', 'video', 'audio'],
      title: 'Информационные материалы — не реже двух раз в месяц',
      source: {
        document: MINTRUD,
        paragraph: 'п. 72(а); виды материалов — п. 71(а, в, г)',
        quote: 'выпуск информационных материалов - по мере необходимости, с учетом ситуации на региональном рынке труда, но не реже двух раз в месяц',
      },
    },
    {
      id: 'social-posts',
      type: 'frequency',
      min: 2,
      per: 'week',
      kinds: ['post'],
      channelTypes: SOCIAL_NETWORK_TYPES,
      // Read per channel so that an abandoned account shows up («нерабочие страницы СЗН в социальных сетях»).
      perChannel: true,
      title: 'Посты в социальных сетях — не менее двух раз в неделю в каждом аккаунте',
      source: {
        document: MINTRUD,
        paragraph: 'п. 72(б)',
        quote: 'размещение постов в социальных сетях - по мере необходимости и появлению новой информации, но не менее двух раз в неделю',
      },
    },
    {
      id: 'public-events',
      type: 'frequency',
      min: 1,
      per: 'month',
      kinds: ['public_event', 'group_event'],
      title: 'Публичные мероприятия — не менее одного раза в месяц',
      source: {
        document: MINTRUD,
        paragraph: 'п. 72(в); форматы — п. 69',
        quote: 'проведение публичных мероприятий - не менее одного раза в месяц (с учетом эпидемиологической обстановки)',
      },
    },
    {
      id: 'site-vacancies',
      type: 'frequency',
      min: 2,
      per: 'week',
      kinds: ['vacancy_material'],
      channelTypes: ['website'],
      title: 'Материалы о вакансиях на официальном сайте — не менее двух раз в неделю',
      source: {
        document: MINTRUD,
        paragraph: 'п. 72(г)',
        quote:
          'размещение на официальном сайте органов службы занятости графических и текстовых материалов о вакансиях (в регионе и за его пределами) - на постоянной основе, но не менее двух раз в неделю',
      },
    },
    {
      id: 'mandatory-channels',
      type: 'presence',
      allOf: [['website'], SOCIAL_NETWORK_TYPES, ['info_zone', 'info_stand'], ['in_person']],
      title: 'Обязательные каналы: сайт, аккаунты в соцсетях, зона информирования, личный приём',
      source: {
        document: MINTRUD,
        paragraph: 'п. 73(а–г)',
        quote: 'К обязательным местам (каналам информирования) и платформам размещения информационных материалов относятся',
      },
    },
  ],
};

export const SUDPROF_2023: Preset = {
  id: 'sudprof-2023',
  title: 'Судпроф: стандарты информационной работы (2023)',
  document: SUDPROF,
  orgKinds: UNION_LEVELS,
  norms: [
    {
      id: 'stand-weekly',
      type: 'frequency',
      min: 1,
      per: 'week',
      kinds: ['stand_update'],
      // Across the organisation's stands, so that an organisation with no stand at all shows missed weeks.
      channelTypes: ['info_stand'],
      orgKinds: ['union_primary'],
      title: 'Профсоюзный стенд обновляется не реже раза в неделю',
      source: {
        document: SUDPROF,
        paragraph: 'разд. VII, п. 3 (первичная профсоюзная организация)',
        quote: 'наличие профсоюзного стенда с регулярным пополнением и обновлением (не реже, чем раз в неделю)',
      },
    },
    {
      id: 'email-and-chats',
      type: 'presence',
      allOf: [['email'], ['chat']],
      orgKinds: UNION_KINDS,
      title: 'Электронные рассылки и чаты обязательны',
      source: {
        document: SUDPROF,
        paragraph: 'разд. VII, п. 2, сноска 2; п. 3, сноска 3',
        quote: 'в обязательном порядке: – электронные рассылки по служебным и личным адресам электронной почты членов профсоюза, – чаты',
      },
    },
    {
      id: 'social-primary',
      type: 'presence',
      channelTypes: SOCIAL_NETWORK_TYPES,
      orgKinds: ['union_primary'],
      minMembers: 501,
      title: 'Страницы в социальных сетях у первичной организации свыше 500 членов',
      source: {
        document: SUDPROF,
        paragraph: 'разд. VII, п. 3, сноска 3',
        quote: 'по желанию, а при численности свыше 500 членов профсоюза – в обязательном порядке – страницы первичной профсоюзной организации в социальных сетях',
      },
    },
    {
      id: 'social-territorial',
      type: 'presence',
      channelTypes: SOCIAL_NETWORK_TYPES,
      orgKinds: ['union_territorial'],
      minMembers: 1001,
      title: 'Страницы в социальных сетях у территориальной организации свыше 1000 членов',
      source: {
        document: SUDPROF,
        paragraph: 'разд. VII, п. 2, сноска 2',
        quote: 'по желанию, а при численности свыше 1000 членов профсоюза – в обязательном порядке - страницы территориальной организации Судпроф в социальных сетях',
      },
    },
    {
      id: 'website',
      type: 'presence',
      channelTypes: ['website'],
      orgKinds: UNION_KINDS,
      minMembers: 5001,
      title: 'Сайт у организации свыше 5000 членов',
      source: {
        document: SUDPROF,
        paragraph: 'разд. VII, п. 2, сноска 2; п. 3, сноска 3',
        quote: 'по желанию, а при численности свыше 5000 членов профсоюза – в обязательном порядке – сайт',
      },
    },
    {
      id: 'quarterly-plan',
      type: 'frequency',
      min: 1,
      per: 'quarter',
      // The quarter's plan-and-report is itself an item of kind `report`.
      kinds: ['report'],
      orgKinds: ['union_primary'],
      title: 'Информационная работа планируется поквартально, о ней регулярно отчитываются',
      source: {
        document: SUDPROF,
        paragraph: 'разд. VII, п. 3',
        quote: 'планируя информационную работу поквартально и регулярно отчитываясь за ее проведение',
      },
    },
    {
      id: 'annual-review',
      type: 'frequency',
      min: 1,
      per: 'year',
      // The central committee reviews information work; a higher organisation checks its lower ones. Both are a `review`.
      kinds: ['review'],
      orgKinds: ['union_central', 'union_territorial'],
      title: 'Рассмотрение (проверка) информационной работы — не реже раза в год',
      source: {
        document: SUDPROF,
        paragraph: 'разд. VII, п. 1; п. 2',
        quote:
          'не реже одного раза в год рассматривает вопросы информационного обеспечения; проверяет (не реже 1 раза в год) состояние информационной работы',
      },
    },
    {
      id: 'solidarnost',
      type: 'quantity',
      figure: KNOWN_FIGURES.solidarnostCopies,
      perMembers: 100,
      atLeast: 1,
      orgKinds: ['union_primary'],
      title: 'Подписка на «Солидарность»: не менее экземпляра на 100 членов, не менее одного',
      source: {
        document: SUDPROF,
        paragraph: 'разд. VII, п. 3',
        quote:
          'не менее одного экземпляра печатной или электронной версии на сто членов профсоюза, для малочисленных организаций (менее 100 человек) – не менее одного экземпляра на организацию',
      },
    },
    {
      id: 'budget-5',
      type: 'quantity',
      figure: KNOWN_FIGURES.infoBudgetPercent,
      atLeast: 5,
      title: 'На информационную работу — не менее 5% профсоюзного бюджета',
      source: {
        document: SUDPROF,
        paragraph: 'разд. IV (принципы финансирования); показатели — разд. X',
        quote: 'финансирование информационной работы в объеме, как правило, не менее 5% от профсоюзного бюджета',
      },
    },
  ],
};

const MFP_2022: Preset = {
  id: 'mfp-2022',
  title: 'МФП: План Года информационной политики и цифровизации (2022)',
  document: MFP,
  // The federation's plan binds its member unions and their organisations.
  orgKinds: UNION_LEVELS,
  norms: [
    {
      id: 'pr-meetings',
      type: 'frequency',
      min: 1,
      per: 'month',
      kinds: ['meeting'],
      title: 'Совещания сотрудников PR-служб членских организаций — ежемесячно',
      source: {
        document: MFP,
        paragraph: 'План, п. 14',
        quote:
          'Регулярно проводить совещания сотрудниками PR-служб членских организаций МФП по вопросам информационной политики и цифровизации профсоюзов. Ежемесячно',
      },
    },
    {
      id: 'commission',
      type: 'frequency',
      min: 2,
      per: 'year',
      kinds: ['commission_meeting'],
      title: 'Заседания комиссии Совета МФП по информационной работе — не реже 2 раз в год',
      source: {
        document: MFP,
        paragraph: 'План, п. 11',
        quote: 'Проводить заседания комиссии Совета МФП по информационной работе. Не реже 2 раза в год',
      },
    },
    {
      id: 'budget-5',
      type: 'quantity',
      figure: KNOWN_FIGURES.infoBudgetPercent,
      atLeast: 5,
      title: 'На информационную работу — не менее 5% расходной части годовой сметы',
      source: {
        document: MFP,
        paragraph: 'Постановление, п. 3',
        quote: 'выделять на информационную работу не менее 5% в расходной части годовой сметы',
      },
    },
  ],
};

export const PRESETS: readonly Preset[] = [MINTRUD_2022, SUDPROF_2023, MFP_2022];

export const PRESET_IDS: readonly string[] = PRESETS.map((p) => p.id);

/**
 * The preset with an id, or undefined.
 *
 * @example getPreset('sudprof-2023')?.norms.length // 9
 */
export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/**
 * Whether an organisation of a kind may apply a preset (see
 * {@link Preset.orgKinds}).
 *
 * @example presetFits(MINTRUD_2022, 'employment_center') // true
 * @example presetFits(SUDPROF_2023, 'employment_center') // false
 */
export function presetFits(preset: Preset, kind: string): boolean {
  return (preset.orgKinds as readonly string[]).includes(kind);
}

/**
 * An organisation's own norms followed by the norms of presets. An own norm
 * with a preset norm's id replaces it (an organisation tightening «2 a week»
 * to 3 keeps the id and its exemptions); of two presets with the same norm id
 * (`budget-5`), the first listed wins.
 *
 * @example withPresetNorms([{ id: 'social-posts', type: 'frequency', min: 3, per: 'week', kinds: ['post'] }], [MINTRUD_2022]).length // 5
 */
export function withPresetNorms(own: readonly Norm[], presets: readonly Preset[]): Norm[] {
  const out = [...own];
  const ids = new Set(own.map((n) => n.id));
  for (const preset of presets) {
    for (const norm of preset.norms) {
      if (ids.has(norm.id)) continue;
      ids.add(norm.id);
      out.push(norm);
    }
  }
  return out;
}
