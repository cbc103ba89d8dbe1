/**
 * `pnpm bench`, the other costs of `ritm check` and of the API beside counting:
 *
 * - reading and checking a scenario of one organisation-year (20 norms,
 *   12 channels, 50,000 items), in items per second;
 * - judging that year with 2,000 exemptions (100 a norm, on and off through
 *   the year, some for one channel), in item·norm checks per second, to
 *   compare with the evaluator's figure without exemptions.
 */
import { afterAll, bench, describe } from 'vitest';
import type { EvaluationInput } from './evaluate.js';
import { evaluate } from './evaluate.js';
import type { Exemption } from './exemption.js';
import { addDays } from './local-date.js';
import { parseScenario } from './scenario.js';
import { benchOrganisation } from './test-fixtures.js';

const TODAY = '2026-11-22';
const ORG_YEAR = benchOrganisation(50_000, 1);
const SCENARIO_JSON: unknown = JSON.parse(
  JSON.stringify({ timezone: 'Asia/Vladivostok', today: TODAY, from: ORG_YEAR.range.from, to: ORG_YEAR.range.to, ...ORG_YEAR }),
);

function exemptions(input: EvaluationInput): Exemption[] {
  return input.norms.flatMap((norm, n) =>
    Array.from({ length: 100 }, (_, k): Exemption => {
      const from = addDays('2026-01-01', k * 3 + (n % 3));
      const channel = norm.type === 'frequency' && norm.perChannel === true && k % 4 === 0 ? `ch${k % 12}` : undefined;
      return { norm: norm.id, from, to: addDays(from, 1 + (k % 2)), reason: 'bench', ...(channel !== undefined && { channel }) };
    }),
  );
}

const EXEMPT_YEAR: EvaluationInput = { ...ORG_YEAR, exemptions: exemptions(ORG_YEAR) };

const tallies = new Map<string, { units: number; cpuMs: number; ms: number }>();
let sink = 0;

function timed(name: string, units: number, run: () => number): () => void {
  return () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    sink += run();
    const used = process.cpuUsage(cpu);
    const tally = tallies.get(name) ?? { units: 0, cpuMs: 0, ms: 0 };
    tally.units += units;
    tally.cpuMs += (used.user + used.system) / 1000;
    tally.ms += performance.now() - started;
    tallies.set(name, tally);
  };
}

describe('a scenario of one organisation-year: 50,000 items', () => {
  bench(
    'parseScenario',
    timed('parse', ORG_YEAR.items.length, () => (parseScenario(SCENARIO_JSON).ok ? 1 : 0)),
    { time: 2_000, warmupIterations: 3 },
  );
  bench(
    'evaluate with 2,000 exemptions',
    timed('exempt', ORG_YEAR.items.length * ORG_YEAR.norms.length, () => evaluate(EXEMPT_YEAR, { today: TODAY, timeZone: 'Asia/Vladivostok' }).results.length),
    { time: 2_000, warmupIterations: 3 },
  );
});

afterAll(() => {
  const rate = (name: string, clock: 'cpuMs' | 'ms') => {
    const tally = tallies.get(name);
    return tally === undefined || tally[clock] === 0 ? NaN : (tally.units / tally[clock]) * 1000;
  };
  const millions = (n: number) => `${(n / 1e6).toFixed(2)} M/s`;
  console.log(
    [
      '',
      'by CPU time (by wall clock in brackets):',
      `  parseScenario                   ${millions(rate('parse', 'cpuMs'))} items (${millions(rate('parse', 'ms'))})`,
      `  evaluate with 2,000 exemptions  ${millions(rate('exempt', 'cpuMs'))} item·norm checks (${millions(rate('exempt', 'ms'))})`,
      `  (sink ${sink > 0 ? 'ok' : 'empty'})`,
      '',
    ].join('\n'),
  );
});
