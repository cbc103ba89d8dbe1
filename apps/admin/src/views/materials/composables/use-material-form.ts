import { computed, reactive, ref, watch } from 'vue';
import { MaterialCreate } from '@ritm/contracts/materials';
import { CHANNEL_TYPES } from '@ritm/domain/channel';
import { ITEM_KINDS } from '@ritm/domain/item';
import { allowedChannelTypes } from '@ritm/domain/plan-ops';
import { addDays } from '@ritm/domain/local-date';
import { checkMaterialDates, MATERIAL_TARGETS_MAX } from '@ritm/domain/materials';
import { ApiError } from '../../../api/client.js';
import { materialsApi, type Material, type MaterialCreate as MaterialBody } from '../../../api/materials.js';
import type { Organisation } from '../../../api/types.js';
import { refusalText } from '../../../components/calendar/composables/use-item-evidence.js';
import { useNotify } from '../../../composables/use-notify.js';
import { i18n } from '../../../i18n.js';
import { problemText, textProblem } from '../../../lib/contract-rules.js';
import { todayIn } from '../../../lib/dates.js';
import { vocabularyLabel } from '../../../lib/vocabulary.js';
import { useOrgsStore } from '../../../stores/orgs.js';

/** How long a target has by default: a week from today, on the sender's calendar. */
export const DEFAULT_DEADLINE_DAYS = 7;

export interface MaterialDraft {
  title: string;
  text: string;
  deadline: string;
  /** Empty: the task goes on the deadline's day. */
  placeOn: string | null;
  kind: string;
  channelTypes: string[];
  /** Chosen organisations, or every live organisation below (of `targetKinds` when some are chosen). */
  targetMode: 'orgs' | 'subtree';
  targetOrgIds: string[];
  targetKinds: NonNullable<MaterialBody['targetKinds']>;
  files: File[];
}

type Field = 'title' | 'text' | 'deadline' | 'placeOn' | 'channelTypes' | 'targets' | 'form';

/**
 * The organisations a material may go to from `senderId`: every live one below it that the user
 * sees, parents before children (the server resolves the targets again, with its own tree).
 */
export function targetCandidates(list: readonly Organisation[], senderId: string): Organisation[] {
  const below: Organisation[] = [];
  const parents = new Set([senderId]);
  // The list is in tree order (parents first), so one pass finds every descendant.
  for (const org of list) {
    if (!org.parentId || !parents.has(org.parentId)) continue;
    parents.add(org.id);
    if (!org.archivedAt && !org.inArchive) below.push(org);
  }
  return below;
}

/** The channel types a material of `kind` may suggest: those the domain lets that kind go on, else every one. */
export function channelTypesFor(kind: string): readonly string[] {
  return allowedChannelTypes(kind) ?? CHANNEL_TYPES;
}

/** The candidates a subtree target reaches: every one, or those of the chosen kinds. */
export function subtreeTargets(candidates: readonly Organisation[], kinds: readonly string[]): Organisation[] {
  return kinds.length ? candidates.filter((o) => kinds.includes(o.kind)) : [...candidates];
}

/** The request a draft makes: exactly one kind of target, the day only when it differs from the deadline. */
export function materialBody(draft: MaterialDraft): MaterialBody {
  const body: MaterialBody = { title: draft.title.trim(), text: draft.text.trim(), deadline: draft.deadline, kind: draft.kind };
  if (draft.placeOn && draft.placeOn !== draft.deadline) body.placeOn = draft.placeOn;
  if (draft.channelTypes.length) body.channelTypes = [...draft.channelTypes];
  if (draft.targetMode === 'orgs') body.targetOrgIds = [...draft.targetOrgIds];
  else {
    body.targetSubtree = true;
    if (draft.targetKinds.length) body.targetKinds = [...draft.targetKinds];
  }
  return body;
}

/** What is wrong with a draft before it is sent, by field (the contract's limits, the day order, a target). */
export function draftProblems(draft: MaterialDraft, candidates: readonly Organisation[]): Partial<Record<Field, string>> {
  const { t } = i18n.global;
  const fields = MaterialCreate.properties;
  const problems: Partial<Record<Field, string>> = {};
  const title = problemText(textProblem(fields.title, draft.title.trim()), 'item.required');
  if (title) problems.title = title;
  const text = problemText(textProblem(fields.text, draft.text.trim()), 'item.required');
  if (text) problems.text = text;
  if (!draft.deadline) problems.deadline = t('item.required');
  else if (draft.placeOn && checkMaterialDates({ placeOn: draft.placeOn, deadline: draft.deadline })) problems.placeOn = t('materials.form.placeOnAfterDeadline');
  const reached = draft.targetMode === 'orgs' ? draft.targetOrgIds.length : subtreeTargets(candidates, draft.targetKinds).length;
  if (reached === 0) problems.targets = t('materials.form.noTargets');
  else if (reached > MATERIAL_TARGETS_MAX) problems.targets = t('materials.form.tooManyTargets', { max: MATERIAL_TARGETS_MAX });
  return problems;
}

/**
 * «Отправить материал»: a material for organisations below the current one — chosen ones, or
 * the whole subtree (of some kinds) — with its files, sent once the material exists. The
 * server answers a refused field by its path (`body.targetOrgIds[3]`), shown beside the field.
 */
export function useMaterialForm() {
  const orgs = useOrgsStore();
  const notify = useNotify();
  const { t } = i18n.global;
  const senderId = computed(() => orgs.currentId as string);
  const draft = reactive<MaterialDraft>({
    title: '',
    text: '',
    deadline: addDays(todayIn(orgs.timeZone), DEFAULT_DEADLINE_DAYS),
    placeOn: null,
    kind: 'post',
    channelTypes: [],
    targetMode: 'orgs',
    targetOrgIds: [],
    targetKinds: [],
    files: [],
  });
  const errors = reactive<Partial<Record<Field, string>>>({});
  const saving = ref(false);
  const uploading = ref<{ name: string; percent: number } | null>(null);

  const candidates = computed(() => targetCandidates(orgs.list, senderId.value));
  const depthOf = (org: Organisation) => org.depth - (orgs.current?.depth ?? 0) - 1;
  const options = {
    // The tree shows as indentation in a flat list: a select with a search finds a name among hundreds.
    orgs: computed(() => candidates.value.map((o) => ({ value: o.id, label: `${'· '.repeat(Math.max(0, depthOf(o)))}${o.name}` }))),
    // Only the kinds there are below: a kind nobody below has would reach no one.
    orgKinds: computed(() => [...new Set(candidates.value.map((o) => o.kind))].map((k) => ({ value: k, label: vocabularyLabel('orgKind', k) }))),
    kinds: computed(() => ITEM_KINDS.map((k) => ({ value: k, label: vocabularyLabel('kind', k) }))),
    // A kind goes only on the channel types the domain allows it (a stand update on a stand), as for any item.
    channelTypes: computed(() => channelTypesFor(draft.kind).map((c) => ({ value: c, label: vocabularyLabel('channelType', c) }))),
  };
  watch(
    () => draft.kind,
    (kind) => (draft.channelTypes = draft.channelTypes.filter((c) => channelTypesFor(kind).includes(c))),
  );
  /** How many organisations the subtree choice reaches now. */
  const subtreeCount = computed(() => subtreeTargets(candidates.value, draft.targetKinds).length);

  function clear(): void {
    for (const key of Object.keys(errors) as Field[]) delete errors[key];
  }

  function addFiles(files: Iterable<File>): void {
    draft.files = [...draft.files, ...files];
  }

  function removeFile(index: number): void {
    draft.files = draft.files.filter((_, i) => i !== index);
  }

  /** Sends the material, then its files; answers the material (its files as far as they went). */
  async function submit(): Promise<Material | null> {
    clear();
    Object.assign(errors, draftProblems(draft, candidates.value));
    if (Object.keys(errors).length) return null;
    saving.value = true;
    let material: Material;
    try {
      material = await materialsApi.create(senderId.value, materialBody(draft));
    } catch (error) {
      if (error instanceof ApiError) {
        for (const field of ['title', 'text', 'deadline', 'placeOn', 'channelTypes'] as const) {
          const message = error.detailFor(field);
          if (message) errors[field] = message;
        }
        const target = error.detailFor('targetOrgIds') ?? error.detailFor('targetKinds') ?? error.detailFor('targetSubtree');
        if (target) errors.targets = target;
      }
      if (!Object.keys(errors).length) errors.form = refusalText(error);
      saving.value = false;
      return null;
    }
    // The material is sent; a file the server refuses is said, and the rest still go.
    for (const file of draft.files) {
      uploading.value = { name: file.name, percent: 0 };
      try {
        const attached = await materialsApi.upload(senderId.value, material.id, file, (percent) => (uploading.value = { name: file.name, percent }));
        material = { ...material, attachments: [...material.attachments, attached] };
      } catch (error) {
        notify.error(error);
        errors.form = t('materials.form.fileRefused', { name: file.name, reason: refusalText(error) });
      }
    }
    uploading.value = null;
    saving.value = false;
    notify.success(t('materials.form.sent', { count: material.tally.total }));
    return material;
  }

  return { draft, errors, saving, uploading, candidates, options, subtreeCount, addFiles, removeFile, submit };
}
