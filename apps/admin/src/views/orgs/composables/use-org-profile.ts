import { computed, reactive, ref, watch, type Ref } from 'vue';
import { UpdateOrganisationBody } from '@ritm/contracts/orgs';
import type { KnownOrganisationKind } from '@ritm/domain/organisation';
import { figureRequirements, isFigureName, profileFigureNames, type FigureRequirement } from '@ritm/domain/org-profile';
import { normsApi } from '../../../api/compliance.js';
import type { OrganisationPatch } from '../../../api/orgs.js';
import type { EffectiveNorm, Organisation } from '../../../api/types.js';
import { i18n } from '../../../i18n.js';
import { toDomainNorm } from '../../../lib/compliance.js';
import { integerProblem, problemText, textProblem } from '../../../lib/contract-rules.js';
import { todayIn } from '../../../lib/dates.js';

/** One figure of the form: its name, the value typed (null for none), and whether the user added it here. */
export interface FigureField {
  name: string;
  value: number | null;
  custom: boolean;
}

export interface ProfileForm {
  name: string;
  kind: KnownOrganisationKind;
  timezone: string;
  members: number | null;
  countOnlyConfirmed: boolean;
  figures: FigureField[];
}

/** The form of an organisation, with a line for each figure it reports or a norm in force reads. */
export function profileFormOf(org: Organisation, requirements: readonly Pick<FigureRequirement, 'figure'>[]): ProfileForm {
  return {
    name: org.name,
    kind: org.kind,
    timezone: org.timezone,
    members: org.members,
    countOnlyConfirmed: org.countOnlyConfirmed,
    figures: profileFigureNames({ figures: org.figures }, requirements).map((name) => ({ name, value: org.figures[name] ?? null, custom: false })),
  };
}

/** The figures a form holds, as the API stores them: only those with a value. */
export function figuresOf(form: Pick<ProfileForm, 'figures'>): Record<string, number> {
  return Object.fromEntries(form.figures.filter((f) => f.value !== null && f.name !== '').map((f) => [f.name, f.value as number]));
}

/** What the form changes in the organisation: only the fields the user changed. */
export function profilePatch(org: Organisation, form: ProfileForm): OrganisationPatch {
  const figures = figuresOf(form);
  const sameFigures = JSON.stringify(Object.entries(figures).sort()) === JSON.stringify(Object.entries(org.figures).sort());
  return {
    ...(form.name.trim() !== org.name && { name: form.name.trim() }),
    ...(form.kind !== org.kind && { kind: form.kind }),
    ...(form.timezone !== org.timezone && { timezone: form.timezone }),
    ...(form.members !== org.members && { members: form.members }),
    ...(form.countOnlyConfirmed !== org.countOnlyConfirmed && { countOnlyConfirmed: form.countOnlyConfirmed }),
    ...(!sameFigures && { figures }),
  };
}

/** The form's errors by field (`name`, `members`, `figures.<i>`), with the contract's and the domain's rules. */
export function checkProfile(form: ProfileForm): Record<string, string> {
  const { t } = i18n.global;
  const errors: Record<string, string> = {};
  const name = problemText(textProblem(UpdateOrganisationBody.properties.name, form.name.trim()), 'errors.validation');
  if (name) errors.name = name;
  if (form.members !== null && integerProblem(UpdateOrganisationBody.properties.members, form.members)) errors.members = t('orgAdmin.badMembers');
  const seen = new Set<string>();
  form.figures.forEach((figure, at) => {
    if (!isFigureName(figure.name)) errors[`figures.${at}`] = t('orgAdmin.badFigureName');
    else if (seen.has(figure.name)) errors[`figures.${at}`] = t('orgAdmin.duplicateFigure');
    else if (figure.value !== null && !(figure.value >= 0)) errors[`figures.${at}`] = t('orgAdmin.badFigureValue');
    seen.add(figure.name);
  });
  return errors;
}

/**
 * An organisation's profile form: kind, time zone, members, figures and "count only confirmed".
 * Beside each figure it shows what the quantity norms in force ask of it, computed by the
 * domain from what is typed now (members included), so a new member count shows its new
 * requirement before it is saved.
 */
export function useOrgProfile(org: Ref<Organisation | null>) {
  const norms = ref<EffectiveNorm[]>([]);
  const form = reactive<ProfileForm>({ name: '', kind: 'other', timezone: 'Europe/Moscow', members: null, countOnlyConfirmed: false, figures: [] });
  const editable = computed(() => !!org.value && org.value.capabilities.includes('org.admin') && !org.value.inArchive);

  /** What the norms ask, judged on the organisation as the form now has it. */
  const requirements = computed(() => {
    if (!org.value) return [];
    const inForce = norms.value.filter((n) => n.enabled).map(toDomainNorm);
    const typed = { kind: form.kind, ...(form.members !== null && { members: form.members }), figures: figuresOf(form) };
    return figureRequirements(inForce, typed, { on: todayIn(form.timezone) });
  });
  const requirementsOf = (figure: string) => requirements.value.filter((r) => r.figure === figure);
  const errors = computed(() => checkProfile(form));
  const patch = computed(() => (org.value ? profilePatch(org.value, form) : {}));
  const dirty = computed(() => Object.keys(patch.value).length > 0);

  function reset(): void {
    if (!org.value) return;
    Object.assign(form, profileFormOf(org.value, requirements.value));
  }

  async function loadNorms(): Promise<void> {
    const id = org.value?.id;
    norms.value = [];
    if (!id) return;
    try {
      const read = await normsApi.effective(id);
      if (org.value?.id !== id) return;
      norms.value = read;
    } catch {
      // Without the norms the form still works; it only cannot say what they ask.
      return;
    }
    // The figures the norms read join the form without touching what the user typed meanwhile.
    const shown = new Set(form.figures.map((f) => f.name));
    for (const r of requirements.value) {
      if (!shown.has(r.figure)) form.figures.push({ name: r.figure, value: null, custom: false });
      shown.add(r.figure);
    }
  }

  function addFigure(): void {
    form.figures.push({ name: '', value: null, custom: true });
  }

  function removeFigure(at: number): void {
    form.figures.splice(at, 1);
  }

  watch(
    () => [org.value?.id, org.value?.version],
    () => {
      reset();
      void loadNorms();
    },
    { immediate: true },
  );

  return { form, editable, requirements, requirementsOf, errors, patch, dirty, reset, addFigure, removeFigure, loadNorms };
}
