import { computed, reactive, ref, shallowRef } from 'vue';
import { EvidenceSourceCreate } from '@ritm/contracts/evidence';
import { EVIDENCE_SOURCE_TYPES, FETCH_INTERVAL_MINUTES, isFetchedSourceType, isSecretSourceType, type EvidenceSourceType } from '@ritm/domain/evidence-source';
import { ApiError } from '../../../api/client.js';
import { evidenceApi, type EvidenceReadResult, type EvidenceSource } from '../../../api/evidence.js';
import { errorText, useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { integerProblem } from '../../../lib/contract-rules.js';
import { formatInstant } from '../../../lib/dates.js';
import { useOrgsStore } from '../../../stores/orgs.js';
import { checkForm } from './use-catalogue.js';
import { readAfterChanges } from '../../../lib/read-after-changes.js';

/** The add form of a source: every type's fields; `toSourceCreate` sends those of the chosen type. */
export interface SourceForm {
  type: EvidenceSourceType;
  name: string;
  url: string;
  community: string;
  chat: string;
  token: string;
  username: string;
  intervalMinutes: number | null;
}

export const blankSourceForm = (): SourceForm => ({ type: 'feed', name: '', url: '', community: '', chat: '', token: '', username: '', intervalMinutes: FETCH_INTERVAL_MINUTES.default });

/** The contract's schema of one type's fields (the create body is a union by `type`). */
function fieldsOf(type: EvidenceSourceType): Record<string, unknown> {
  const variants = (EvidenceSourceCreate as unknown as { anyOf: { properties: Record<string, unknown> & { type: { const: string } } }[] }).anyOf;
  return variants.find((v) => v.properties.type.const === type)!.properties;
}

type TextField = 'url' | 'community' | 'chat' | 'token' | 'username' | 'name';
/** The text fields each type asks for, in form order (the name is asked of all). */
export const SOURCE_FIELDS: Readonly<Record<EvidenceSourceType, readonly TextField[]>> = {
  feed: ['url', 'name'],
  vk: ['community', 'token', 'name'],
  telegram_bot: ['chat', 'token', 'name'],
  telegram_export: ['username', 'name'],
  stats_csv: ['name'],
};
const OPTIONAL: ReadonlySet<TextField> = new Set(['name', 'username']);
const FORMAT: Partial<Record<TextField, string>> = {
  url: 'item.badUrl',
  community: 'evidenceSources.badCommunity',
  chat: 'evidenceSources.badChat',
  username: 'evidenceSources.badUsername',
};

/**
 * What is wrong with the add form, field by field, by the contract's own schema for the chosen type.
 *
 * @example checkSourceForm({ ...blankSourceForm(), url: 'feed.xml' }) // { url: 'Ссылка должна начинаться с http:// или https://' }
 */
export function checkSourceForm(form: SourceForm): Record<string, string> {
  const schema = fieldsOf(form.type);
  const errors = checkForm(
    form,
    SOURCE_FIELDS[form.type].map((field) => ({ field, schema: schema[field], optional: OPTIONAL.has(field), ...(FORMAT[field] && { format: FORMAT[field] }) })),
  );
  if (isFetchedSourceType(form.type) && form.intervalMinutes !== null && integerProblem(schema.intervalMinutes, form.intervalMinutes)) {
    errors.intervalMinutes = i18n.global.t('evidenceSources.badInterval', FETCH_INTERVAL_MINUTES);
  }
  return errors;
}

/**
 * The create body of the chosen type: its fields trimmed, an empty name or username left out
 * (the server names the source after its address).
 *
 * @example toSourceCreate({ ...blankSourceForm(), url: ' https://czn.ru/feed ' }) // { type: 'feed', url: 'https://czn.ru/feed', intervalMinutes: 30 }
 */
export function toSourceCreate(form: SourceForm): EvidenceSourceCreate {
  const name = form.name.trim();
  const named = name ? { name } : {};
  const interval = form.intervalMinutes === null ? {} : { intervalMinutes: form.intervalMinutes };
  switch (form.type) {
    case 'feed':
      return { type: 'feed', url: form.url.trim(), ...named, ...interval };
    case 'vk':
      return { type: 'vk', community: form.community.trim(), token: form.token.trim(), ...named, ...interval };
    case 'telegram_bot':
      return { type: 'telegram_bot', chat: form.chat.trim(), token: form.token.trim(), ...named, ...interval };
    case 'telegram_export': {
      const username = form.username.trim();
      return { type: 'telegram_export', ...(username && { username }), ...named };
    }
    case 'stats_csv':
      return { type: 'stats_csv', ...named };
  }
}

/** A source's row as the panel shows it: where it reads, when it did and will, and its last error in the server's words. */
export interface SourceFacts {
  address: string;
  lastRead: string;
  nextRead: string;
  error: string | null;
  /** «токен сохранён» for a source holding a token (the token itself never reaches the browser). */
  token: string | null;
}

export function sourceFacts(source: EvidenceSource, timeZone: string, locale: string): SourceFacts {
  const { t } = i18n.global;
  const at = (instant: string) => formatInstant(instant, timeZone, locale);
  const nextRead = !source.enabled ? t('evidenceSources.off') : !isFetchedSourceType(source.type) ? t('evidenceSources.byUpload') : source.nextFetchAt ? at(source.nextFetchAt) : '';
  return {
    address: source.url ?? source.target ?? '',
    lastRead: source.lastFetchedAt ? at(source.lastFetchedAt) : t('evidenceSources.never'),
    nextRead,
    error: source.lastError?.message ?? null,
    token: isSecretSourceType(source.type) && source.hasToken ? t('evidenceSources.tokenSaved') : null,
  };
}

/**
 * What a read did, in the editor's words: how many posts, how many matched the plan, became
 * unplanned or only updated their reach; the statistics rows naming no known post.
 */
export function readSummary(result: EvidenceReadResult): string[] {
  const { t } = i18n.global;
  if (result.notModified) return [t('evidenceSources.notModified')];
  const lines = [t('evidenceSources.result', { read: result.read, matched: result.matched, unplanned: result.unplanned, updated: result.updated })];
  if (result.unknownRows.length) lines.push(t('evidenceSources.unknownRows', { rows: result.unknownRows.join(', ') }));
  return lines;
}

/** The types offered in the add form, named in the UI language. */
export const sourceTypeOptions = () => EVIDENCE_SOURCE_TYPES.map((type) => ({ value: type, label: i18n.global.t(`evidenceSources.types.${type}`) }));

/**
 * The channels screen's sources: every source of the organisation (loaded once with the screen),
 * one channel's panel open at a time with its add form, and the reads an editor starts (fetch
 * now, an uploaded file) with what each did. Who may do what is the server's word:
 * `catalogue.edit` configures sources, `item.edit` reads them.
 */
export function useEvidenceSources() {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const { t } = i18n.global;
  const orgId = computed(() => orgs.currentId as string);
  const canConfigure = computed(() => orgs.can('catalogue.edit'));
  const canRead = computed(() => orgs.can('item.edit'));
  const timeZone = computed(() => orgs.timeZone);
  const sources = shallowRef<EvidenceSource[]>([]);
  const openChannelId = ref<string | null>(null);
  const form = reactive(blankSourceForm());
  const errors = ref<Record<string, string>>({});
  /** The source being read now, by id. */
  const reading = ref<string | null>(null);
  /** What the last read of each source did (or why it failed), by source id. */
  const outcomes = ref<Record<string, { ok: boolean; lines: string[] }>>({});

  /** Lists asked for (only the latest is shown), and changes made here (a list read meanwhile is read again). */
  let listed = 0;
  let changes = 0;
  async function load(): Promise<void> {
    const ask = ++listed;
    const id = orgId.value;
    try {
      const answer = await readAfterChanges(() => evidenceApi.sources(id), () => changes);
      if (ask === listed) sources.value = answer;
    } catch (error) {
      if (ask === listed) notify.error(error);
    }
  }

  const ofChannel = (channelId: string) => sources.value.filter((s) => s.channelId === channelId);

  function open(channelId: string | null): void {
    openChannelId.value = openChannelId.value === channelId ? null : channelId;
    errors.value = {};
  }

  function put(source: EvidenceSource): void {
    changes++;
    sources.value = sources.value.some((s) => s.id === source.id) ? sources.value.map((s) => (s.id === source.id ? source : s)) : [...sources.value, source];
  }

  async function add(): Promise<void> {
    const channelId = openChannelId.value;
    if (!channelId) return;
    errors.value = checkSourceForm(form);
    if (Object.keys(errors.value).length) return;
    try {
      await evidenceApi.create(orgId.value, channelId, toSourceCreate(form));
      // The token leaves the page with the request: nothing keeps it once sent.
      Object.assign(form, { ...blankSourceForm(), type: form.type, intervalMinutes: form.intervalMinutes });
      notify.success(t('evidenceSources.added'));
      await load();
    } catch (error) {
      // The server words its refusals (a missing secret key names RITM_SECRET_KEY), field details included.
      const field = error instanceof ApiError ? SOURCE_FIELDS[form.type].find((f) => error.detailFor(f)) : undefined;
      errors.value = field ? { [field]: (error as ApiError).detailFor(field)! } : { form: error instanceof ApiError && error.status < 500 && error.message ? error.message : errorText(error) };
    }
  }

  async function setEnabled(source: EvidenceSource, enabled: boolean): Promise<void> {
    try {
      put(await evidenceApi.update(source, { enabled }));
    } catch (error) {
      notify.error(error);
      await load();
    }
  }

  async function remove(source: EvidenceSource): Promise<void> {
    try {
      await evidenceApi.remove(source);
      changes++;
      sources.value = sources.value.filter((s) => s.id !== source.id);
      notify.success(t('evidenceSources.deleted'));
    } catch (error) {
      notify.error(error);
      await load();
    }
  }

  /** Runs one read and keeps what it did; a refused read (422) says why in the server's words and the source shows it as its last error. */
  async function read(source: EvidenceSource, run: () => Promise<EvidenceReadResult>): Promise<void> {
    reading.value = source.id;
    try {
      const result = await run();
      put(result.source);
      outcomes.value = { ...outcomes.value, [source.id]: { ok: true, lines: readSummary(result) } };
    } catch (error) {
      const text = error instanceof ApiError && error.status === 422 && error.message ? error.message : errorText(error);
      outcomes.value = { ...outcomes.value, [source.id]: { ok: false, lines: [text] } };
      await load();
    } finally {
      reading.value = null;
    }
  }

  const fetchNow = (source: EvidenceSource) => read(source, () => evidenceApi.fetch(source));
  const upload = (source: EvidenceSource, file: Blob) => read(source, () => evidenceApi.upload(source, file));

  return { orgId, timeZone, canConfigure, canRead, sources, openChannelId, form, errors, reading, outcomes, load, ofChannel, open, add, setEnabled, remove, fetchNow, upload };
}
