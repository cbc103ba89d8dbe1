/**
 * An organisation's profile as an administrator fills it in: its time zone,
 * member count and reported figures, and what the quantity norms in force ask
 * of those figures, so that the person typing «650 членов» sees at once that
 * «Солидарность» now needs 7 copies.
 */
import type { LocalDate } from './local-date.js';
import { isEffectiveDuring, normAppliesTo, quantityRequired, type Norm, type QuantityNorm } from './norm.js';
import { FIGURE_NAME_PATTERN, KNOWN_FIGURES, reportedFigure, type Organisation } from './organisation.js';

/**
 * The IANA time zones of Russia, west to east (tz database `zone1970.tab`,
 * RU): the choices of an organisation's time zone.
 */
export const RUSSIAN_TIME_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Simferopol',
  'Europe/Kirov',
  'Europe/Volgograd',
  'Europe/Astrakhan',
  'Europe/Saratov',
  'Europe/Ulyanovsk',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Barnaul',
  'Asia/Tomsk',
  'Asia/Novokuznetsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Chita',
  'Asia/Yakutsk',
  'Asia/Khandyga',
  'Asia/Vladivostok',
  'Asia/Ust-Nera',
  'Asia/Magadan',
  'Asia/Sakhalin',
  'Asia/Srednekolymsk',
  'Asia/Kamchatka',
  'Asia/Anadyr',
] as const;

/** What a figure counts: copies of a periodical, or a share in percent (0–100). */
export type FigureUnit = 'copies' | 'percent' | 'number';

/** The figures the product knows, in the order a profile shows them, with what each counts. */
export const PROFILE_FIGURES: readonly { name: string; unit: FigureUnit }[] = [
  { name: KNOWN_FIGURES.solidarnostCopies, unit: 'copies' },
  { name: KNOWN_FIGURES.infoBudgetPercent, unit: 'percent' },
];

const figureName = new RegExp(FIGURE_NAME_PATTERN);

/**
 * Whether a text may name a figure where the API stores it ({@link FIGURE_NAME_PATTERN}).
 *
 * @example isFigureName('press_runs') // true
 * @example isFigureName('Press runs') // false
 */
export function isFigureName(value: string): boolean {
  return figureName.test(value);
}

/**
 * What a figure counts: the known figures say it; any other counts plain numbers.
 *
 * @example figureUnit('info_budget_percent') // 'percent'
 * @example figureUnit('press_runs') // 'number'
 */
export function figureUnit(name: string): FigureUnit {
  return PROFILE_FIGURES.find((figure) => figure.name === name)?.unit ?? 'number';
}

/** What one quantity norm in force asks of one of the organisation's figures. */
export interface FigureRequirement {
  figure: string;
  norm: Pick<QuantityNorm, 'id' | 'title' | 'atLeast' | 'perMembers'>;
  /** max(atLeast, ceil(members / perMembers)), as the evaluator judges it. */
  required: number;
  /** The member count the requirement was computed with, when the norm counts per member. */
  members?: number;
  /** The organisation's figure (0 when it reported none). */
  reported: number;
  met: boolean;
}

/**
 * What the quantity norms binding an organisation ask of its figures, in the
 * norms' order: only norms that apply to its kind and size and, when `on` is
 * given, are in force that day. Computed exactly as the evaluator judges them.
 *
 * @example figureRequirements([{ id: 'solidarnost', type: 'quantity', figure: 'solidarnost_copies', perMembers: 100, atLeast: 1 }], { members: 650, figures: { solidarnost_copies: 5 } })
 * // [{ figure: 'solidarnost_copies', norm: { id: 'solidarnost', perMembers: 100, atLeast: 1 }, required: 7, members: 650, reported: 5, met: false }]
 */
export function figureRequirements(norms: readonly Norm[], org: Organisation, options: { on?: LocalDate } = {}): FigureRequirement[] {
  const { on } = options;
  return norms.flatMap((norm) => {
    if (norm.type !== 'quantity' || !normAppliesTo(norm, org)) return [];
    if (on !== undefined && !isEffectiveDuring(norm, { from: on, to: on })) return [];
    const required = quantityRequired(norm, org);
    const reported = reportedFigure(org, norm.figure);
    return [
      {
        figure: norm.figure,
        norm: {
          id: norm.id,
          ...(norm.title !== undefined && { title: norm.title }),
          ...(norm.atLeast !== undefined && { atLeast: norm.atLeast }),
          ...(norm.perMembers !== undefined && { perMembers: norm.perMembers }),
        },
        required,
        ...(norm.perMembers !== undefined && { members: org.members ?? 0 }),
        reported,
        met: reported >= required,
      },
    ];
  });
}

/**
 * The figures a profile form offers: the known ones, then those a norm in
 * force reads, then any other the organisation reported; each once.
 *
 * @example profileFigureNames({ figures: { press_runs: 3 } }, [{ figure: 'hall_events' }]) // ['solidarnost_copies', 'info_budget_percent', 'hall_events', 'press_runs']
 */
export function profileFigureNames(org: Organisation, requirements: readonly Pick<FigureRequirement, 'figure'>[]): string[] {
  const names = [...PROFILE_FIGURES.map((figure) => figure.name), ...requirements.map((r) => r.figure), ...Object.keys(org.figures ?? {})];
  return [...new Set(names)];
}
