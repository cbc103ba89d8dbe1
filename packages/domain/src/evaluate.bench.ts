/**
 * `pnpm bench`: the evaluator's throughput in item·norm checks per second,
 * and how it compares with a bare loop over the same items in the same run.
 *
 * - One organisation-year: 20 frequency norms, 12 channels, 50,000 items.
 * - 2,500 organisations with 5,000 items each, the same 20 norms, in the 11
 *   Russian time zones. Holding 12.5 million item objects at once would
 *   measure the garbage collector, so 25 distinct organisations are generated
 *   and each is evaluated 100 times (every evaluation counts and judges anew;
 *   the run keeps an evaluation memo, as the API's summary does, so that each
 *   norm and zone is checked once and each zone's clock built once).
 *
 * The bare loop reads one field of every item once per norm and counts: the
 * floor any evaluator over the same objects pays.
 */
import { afterAll, bench, describe } from 'vitest';
import type { EvaluationInput } from './evaluate.js';
import { evaluate, evaluationMemo } from './evaluate.js';
import { benchOrganisation, RUSSIAN_ZONES } from './test-fixtures.js';

const TODAY = '2026-11-22';
const ORG_YEAR = benchOrganisation(50_000, 1);
const POOL = Array.from({ length: 25 }, (_, i) => benchOrganisation(5_000, 100 + i));
const ORGANISATIONS = 2_500;

interface Tally {
  checks: number;
  /** Wall-clock milliseconds. */
  ms: number;
  /** Milliseconds of CPU used by this process: fair on a shared machine where other work takes the core away. */
  cpuMs: number;
}

const tallies = new Map<string, Tally>();

function timed(name: string, checks: number, run: () => void): () => void {
  return () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpu);
    const tally = tallies.get(name) ?? { checks: 0, ms: 0, cpuMs: 0 };
    tally.ms += performance.now() - started;
    tally.cpuMs += (used.user + used.system) / 1000;
    tally.checks += checks;
    tallies.set(name, tally);
  };
}

function bareLoop(input: EvaluationInput): number {
  let counted = 0;
  for (let n = 0; n < input.norms.length; n++) {
    for (const item of input.items) if (item.status !== 'cancelled') counted++;
  }
  return counted;
}

let sink = 0;
const checksOf = (input: EvaluationInput) => input.items.length * input.norms.length;

describe('one organisation-year: 20 norms, 12 channels, 50,000 items', () => {
  bench(
    'evaluate',
    timed('org-year evaluate', checksOf(ORG_YEAR), () => {
      sink += evaluate(ORG_YEAR, { today: TODAY, timeZone: 'Asia/Vladivostok' }).results.length;
    }),
    { time: 2_000, warmupIterations: 3 },
  );
  bench(
    'bare loop',
    timed('org-year bare loop', checksOf(ORG_YEAR), () => {
      sink += bareLoop(ORG_YEAR);
    }),
    { time: 2_000, warmupIterations: 3 },
  );
});

describe('2,500 organisations × 5,000 items, 20 norms', () => {
  const checks = ORGANISATIONS * 5_000 * 20;
  bench(
    'evaluate',
    timed('2,500 orgs evaluate', checks, () => {
      const memo = evaluationMemo();
      for (let i = 0; i < ORGANISATIONS; i++) {
        const input = POOL[i % POOL.length] as EvaluationInput;
        sink += evaluate(input, { today: TODAY, timeZone: RUSSIAN_ZONES[i % RUSSIAN_ZONES.length] as string, memo }).results.length;
      }
    }),
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
  bench(
    'bare loop',
    timed('2,500 orgs bare loop', checks, () => {
      for (let i = 0; i < ORGANISATIONS; i++) sink += bareLoop(POOL[i % POOL.length] as EvaluationInput);
    }),
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});

afterAll(() => {
  const rate = (name: string, clock: 'ms' | 'cpuMs') => {
    const tally = tallies.get(name);
    return tally === undefined || tally[clock] === 0 ? NaN : (tally.checks / tally[clock]) * 1000;
  };
  const millions = (n: number) => `${(n / 1e6).toFixed(1).padStart(6)} M/s`;
  const lines = ['', 'item·norm checks per second on one core (by CPU time; by wall clock in brackets):'];
  for (const scenario of ['org-year', '2,500 orgs']) {
    const evaluated = rate(`${scenario} evaluate`, 'cpuMs');
    const bare = rate(`${scenario} bare loop`, 'cpuMs');
    lines.push(
      `  ${scenario.padEnd(11)} evaluate ${millions(evaluated)} (${millions(rate(`${scenario} evaluate`, 'ms')).trim()})` +
        `   bare loop ${millions(bare)} (${millions(rate(`${scenario} bare loop`, 'ms')).trim()})` +
        `   bare loop / evaluate = ${(bare / evaluated).toFixed(1)}×`,
    );
  }
  lines.push(`  (target: at least 10 M/s evaluated; sink ${sink > 0 ? 'ok' : 'empty'})`, '');
  console.log(lines.join('\n'));
});
