import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Issue } from './read-json.js';
import { parseNorm } from './norm.js';
import { evaluate } from './evaluate.js';
import { getPreset, MINTRUD_2022, PRESET_IDS, PRESETS, SUDPROF_2023, withPresetNorms } from './presets.js';

const SEEDS = join(import.meta.dirname, '../../../../shared/seeds');
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('presets', () => {
  it('carries the norms of shared/norms.md under their ids', () => {
    expect(PRESET_IDS).toEqual(['mintrud-2022', 'sudprof-2023', 'mfp-2022']);
    expect(getPreset('mintrud-2022')?.norms.map((n) => n.id)).toEqual(['info-materials', 'social-posts', 'public-events', 'site-vacancies', 'mandatory-channels']);
    expect(getPreset('sudprof-2023')?.norms.map((n) => n.id)).toEqual([
      'stand-weekly',
      'email-and-chats',
      'social-primary',
      'social-territorial',
      'website',
      'quarterly-plan',
      'annual-review',
      'solidarnost',
      'budget-5',
    ]);
    expect(getPreset('mfp-2022')?.norms.map((n) => n.id)).toEqual(['pr-meetings', 'commission', 'budget-5']);
    expect(getPreset('gost-1990')).toBeUndefined();
  });

  it('gives every norm a Russian title and a citation, and passes its own validation', () => {
    for (const preset of PRESETS) {
      for (const norm of preset.norms) {
        expect(norm.title).toMatch(/[а-яё]/i);
        expect(norm.source?.document).toBe(preset.document);
        expect(norm.source?.paragraph).not.toBe('');
        const issues: Issue[] = [];
        expect(parseNorm(JSON.parse(JSON.stringify(norm)), preset.id, issues)).toEqual(norm);
        expect(issues).toEqual([]);
      }
    }
  });

  it('reads Mintrud p.72 as the numbers of the document', () => {
    const byId = new Map(MINTRUD_2022.norms.map((n) => [n.id, n]));
    expect(byId.get('info-materials')).toMatchObject({ min: 2, per: 'month' });
    expect(byId.get('social-posts')).toMatchObject({ min: 2, per: 'week', perChannel: true });
    expect(byId.get('public-events')).toMatchObject({ min: 1, per: 'month' });
    expect(byId.get('site-vacancies')).toMatchObject({ min: 2, per: 'week', channelTypes: ['website'] });
  });

  it('cites for info-materials only the kinds of p.71 it counts: posts, p.71(б), have their own norm', () => {
    const info = MINTRUD_2022.norms.find((n) => n.id === 'info-materials');
    expect(info?.source?.paragraph).toBe('п. 72(а); виды материалов — п. 71(а, в, г)');
    expect(info).toMatchObject({ kinds: ['press_release', 'comment', 'publication', 'print_material', 'video', 'audio'] });
  });

  it('cites each Sudprof norm’s own section in its paragraph, not in the document', () => {
    expect(SUDPROF_2023.document).not.toMatch(/разд\./);
    for (const norm of SUDPROF_2023.norms) expect(norm.source?.paragraph, norm.id).toMatch(/^разд\. [IVX]+/);
    expect(SUDPROF_2023.norms.find((n) => n.id === 'budget-5')?.source?.paragraph).toMatch(/^разд\. IV /);
  });

  it('shows a primary organisation with no stand missing its weekly stand updates', () => {
    const { results } = evaluate(
      { org: { kind: 'union_primary', members: 650 }, channels: [], norms: SUDPROF_2023.norms, items: [], range: { from: '2026-11-09', to: '2026-11-22' } },
      { today: '2026-11-18', timeZone: 'Europe/Moscow' },
    );
    expect(results.filter((r) => r.norm === 'stand-weekly').map((r) => [r.channel, r.periodStart, r.status])).toEqual([
      [null, '2026-11-09', 'missed'],
      [null, '2026-11-16', 'at_risk'],
    ]);
  });

  it.skipIf(!existsSync(SEEDS))('quotes the source documents word for word', () => {
    const seeds = squash(readdirSync(SEEDS).map((f) => readFileSync(join(SEEDS, f), 'utf8')).join('\n'));
    for (const norm of PRESETS.flatMap((p) => p.norms)) {
      for (const fragment of (norm.source?.quote ?? '').split('; ')) expect(seeds, `${norm.id}: ${fragment}`).toContain(fragment);
    }
  });

  it('lets an organisation override a preset norm by id and add its own first', () => {
    const own = [{ id: 'social-posts', type: 'frequency' as const, min: 3, per: 'week' as const, kinds: ['post'] }];
    const norms = withPresetNorms(own, [MINTRUD_2022]);
    expect(norms.map((n) => n.id)).toEqual(['social-posts', 'info-materials', 'public-events', 'site-vacancies', 'mandatory-channels']);
    expect(norms[0]).toBe(own[0]);
    const both = withPresetNorms([], [getPreset('sudprof-2023')!, getPreset('mfp-2022')!]);
    expect(both.filter((n) => n.id === 'budget-5')).toHaveLength(1);
  });
});
