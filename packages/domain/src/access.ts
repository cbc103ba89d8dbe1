/**
 * Roles and what each lets a person do in an organisation. A role given at an
 * organisation reaches its whole subtree, so the roles a person holds at an
 * organisation are those given there and at every organisation above it; what
 * they may do is the union of what each of those roles allows.
 */

/** The roles, weakest first. */
export const ROLES = ['viewer', 'editor', 'director', 'admin'] as const;

/** A role a person holds at an organisation (and so in its subtree). */
export type Role = (typeof ROLES)[number];

/**
 * What a person may do in an organisation:
 * - `org.read`: see the organisation and everything in it (plans, items, norms, compliance, members);
 * - `item.edit`: create, change, move and delete items;
 * - `plan.edit`: create, rename, copy and delete (draft) plans, submit and withdraw them;
 * - `plan.approve`: approve, return (with a comment), reopen, archive and unarchive plans;
 * - `catalogue.edit`: channels, audiences and key messages;
 * - `norm.manage`: add norms and presets, make norms stricter, change and delete the organisation's own norms;
 * - `norm.adjust`: waive or loosen a norm this organisation (or one above it) set for those below, with a reason;
 * - `exemption.grant`: grant and withdraw exemptions from norms;
 * - `audit.read`: read the audit log;
 * - `org.admin`: change, move and delete the organisation and create organisations under it;
 * - `member.manage`: give, change and take away roles.
 */
export const CAPABILITIES = [
  'org.read',
  'item.edit',
  'plan.edit',
  'plan.approve',
  'catalogue.edit',
  'norm.manage',
  'norm.adjust',
  'exemption.grant',
  'audit.read',
  'org.admin',
  'member.manage',
] as const;

/** Something a role allows in an organisation (see {@link CAPABILITIES}). */
export type Capability = (typeof CAPABILITIES)[number];

const EDITING: readonly Capability[] = ['item.edit', 'plan.edit', 'catalogue.edit', 'norm.manage'];
const APPROVING: readonly Capability[] = ['plan.approve', 'norm.adjust', 'exemption.grant', 'audit.read'];

/**
 * What each role allows. An editor plans (items, plans, catalogues, norms); a
 * director approves plans, waives or adjusts the norms their organisation set,
 * grants exemptions and reads the audit log but does not edit; an administrator does everything, including the organisation and
 * its members.
 */
export const ROLE_CAPABILITIES: Readonly<Record<Role, readonly Capability[]>> = {
  viewer: ['org.read'],
  editor: ['org.read', ...EDITING],
  director: ['org.read', ...APPROVING],
  admin: [...CAPABILITIES],
};

/**
 * Whether a value is a role.
 *
 * @example isRole('director') // true
 * @example isRole('owner') // false
 */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * What the roles a person holds at an organisation allow together, in the
 * order of {@link CAPABILITIES}; none for no roles.
 *
 * @example capabilitiesOf(['viewer']) // ['org.read']
 * @example capabilitiesOf(['editor', 'director']).includes('plan.approve') // true
 */
export function capabilitiesOf(roles: readonly Role[]): Capability[] {
  return CAPABILITIES.filter((capability) => roles.some((role) => ROLE_CAPABILITIES[role].includes(capability)));
}

/**
 * Whether any of the roles allows a capability.
 *
 * @example hasCapability(['director'], 'plan.edit') // false
 * @example hasCapability(['viewer', 'editor'], 'plan.edit') // true
 */
export function hasCapability(roles: readonly Role[], capability: Capability): boolean {
  return roles.some((role) => ROLE_CAPABILITIES[role].includes(capability));
}

/**
 * The strongest of the roles (the last in {@link ROLES}), or `viewer` for none:
 * the one role a list shows for an organisation.
 *
 * @example strongestRole(['editor', 'viewer']) // 'editor'
 * @example strongestRole(['director', 'admin']) // 'admin'
 */
export function strongestRole(roles: readonly Role[]): Role {
  for (let i = ROLES.length - 1; i >= 0; i--) {
    const role = ROLES[i] as Role;
    if (roles.includes(role)) return role;
  }
  return 'viewer';
}
