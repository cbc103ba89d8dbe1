/**
 * Norm inheritance down the organisation tree: a norm set at an organisation
 * binds its whole subtree, unless an organisation lower down sets a norm with
 * the same key (an override), which then binds its own subtree instead.
 */

/** A norm as set at one organisation: what inheritance needs of it. */
export interface NormSetting {
  /** The norm's key (its `id`). */
  key: string;
  /** A switched-off setting switches the norm off below it (until a lower organisation switches it on). */
  enabled: boolean;
}

/** The setting in force for a key, and whether it overrides one set further up. */
export interface InheritedNorm<T extends NormSetting> {
  setting: T;
  overrides: boolean;
}

/**
 * The norms in force at the last organisation of a lineage (root first), by
 * key: for each key the setting of the nearest organisation wins. Keys keep
 * the order in which they first appear from the top, and within one
 * organisation the order its settings come in, so the result is stable.
 *
 * @example
 * const top = [{ key: 'posts', enabled: true }];
 * const mine = [{ key: 'posts', enabled: false }];
 * inheritNorms(['top', 'me'], new Map([['top', top], ['me', mine]])).get('posts')
 * // { setting: { key: 'posts', enabled: false }, overrides: true }
 */
export function inheritNorms<T extends NormSetting>(
  lineage: readonly string[],
  settingsByOrg: ReadonlyMap<string, readonly T[]>,
): Map<string, InheritedNorm<T>> {
  const inherited = new Map<string, InheritedNorm<T>>();
  for (const orgId of lineage) {
    for (const setting of settingsByOrg.get(orgId) ?? []) {
      inherited.set(setting.key, { setting, overrides: inherited.has(setting.key) });
    }
  }
  return inherited;
}
