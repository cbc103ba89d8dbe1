import { describe, expect, it, vi } from 'vitest';
import { testDatabases } from '../../test/databases.js';
import { createOrg } from '../../test/fixtures.js';
import { badRequest } from '../http/errors.js';
import { message } from '../http/messages.js';
import { runImport } from './imports.js';
import { createItems } from './items.js';

// A rule the items' service checks only as it writes (after the merge of the evidence rules, e.g.
// «a done item is not in the future») must still come back as a problem of its row, with nothing
// written: the service is made to refuse the second row here.
vi.mock('./items.js', async (actual) => ({ ...(await actual<object>()), createItems: vi.fn() }));

describe.each(testDatabases())('an import refused while writing, on $name', ({ open }) => {
  it('names the row, answers with problems, and writes nothing', async () => {
    const database = await open();
    try {
      const org = await createOrg(database);
      vi.mocked(createItems).mockImplementation(async (trx, _org, inputs, options) => {
        await trx.insertInto('audit_log').values({ org_id: org.id, entity: 'probe', entity_id: 'x', action: 'probe' }).execute();
        throw badRequest('itemInvalid', [{ path: `${options.paths[1]}.at`, message: message('issue.not_a_date') }]);
      });
      const sheets = [{ name: 'Лист1', rows: [['Дата', 'Тема', 'Формат'], ['01.12.2026', 'Первый', 'пост'], [], ['02.12.2026', 'Второй', 'пост']] }];
      const outcome = await runImport(database.db, { orgId: org.id, userId: null, sheets, dryRun: false, lang: 'en', now: Date.now() });
      expect(outcome.ok).toBe(false);
      expect(outcome.preview.errors).toEqual([{ sheet: 'Лист1', row: 4, column: '', code: 'item_invalid', message: 'at: not a date' }]);
      expect(outcome.preview.error?.code).toBe('import_invalid');
      const probes = await database.db.selectFrom('audit_log').select('id').where('entity', 'in', ['probe', 'import']).execute();
      expect(probes).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
