import { describe, expect, it } from 'vitest';
import { WorkGate } from './work-gate.js';

/** A task that runs until `finish` is called, noting when it started. */
function task(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { run: () => (started.push(name), done), finish: () => finish() };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkGate', () => {
  it('runs light tasks side by side up to its capacity, and the next when room is made', async () => {
    const gate = new WorkGate(10);
    const started: string[] = [];
    const [a, b, c] = [task(started, 'a'), task(started, 'b'), task(started, 'c')];
    const runs = [gate.run(4, a.run), gate.run(4, b.run), gate.run(4, c.run)];
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect(gate.running).toBe(8);
    a.finish();
    await tick();
    expect(started).toEqual(['a', 'b', 'c']);
    b.finish();
    c.finish();
    await Promise.all(runs);
    expect(gate.running).toBe(0);
  });

  it('runs a task heavier than the whole capacity alone, and keeps the order of arrival', async () => {
    const gate = new WorkGate(10);
    const started: string[] = [];
    const [small, huge, late] = [task(started, 'small'), task(started, 'huge'), task(started, 'late')];
    const runs = [gate.run(1, small.run), gate.run(2_500, huge.run), gate.run(1, late.run)];
    await tick();
    // The late light task does not pass the heavy one waiting: it would never get its turn.
    expect(started).toEqual(['small']);
    expect(gate.waiting).toBe(2);
    small.finish();
    await tick();
    expect(started).toEqual(['small', 'huge']);
    huge.finish();
    await tick();
    expect(started).toEqual(['small', 'huge', 'late']);
    late.finish();
    await Promise.all(runs);
  });

  it('makes room again when a task fails', async () => {
    const gate = new WorkGate(1);
    await expect(gate.run(1, () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(gate.running).toBe(0);
    await expect(gate.run(1, async () => 'next')).resolves.toBe('next');
  });
});
