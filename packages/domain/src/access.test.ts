import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, capabilitiesOf, hasCapability, isRole, ROLE_CAPABILITIES, ROLES, strongestRole, type Role } from './access.js';

describe('roles and capabilities', () => {
  it('let a viewer only read', () => {
    expect(capabilitiesOf(['viewer'])).toEqual(['org.read']);
  });

  it('let an editor plan but not approve, adjust norms, grant exemptions, read the audit log or administer', () => {
    expect(capabilitiesOf(['editor'])).toEqual(['org.read', 'item.edit', 'plan.edit', 'catalogue.edit', 'norm.manage']);
  });

  it('let a director approve, adjust norms, grant exemptions and read the audit log, but not edit', () => {
    expect(capabilitiesOf(['director'])).toEqual(['org.read', 'plan.approve', 'norm.adjust', 'exemption.grant', 'audit.read']);
  });

  it('let an administrator do everything', () => {
    expect(capabilitiesOf(['admin'])).toEqual([...CAPABILITIES]);
  });

  it('combine the roles held on several levels', () => {
    expect(capabilitiesOf(['director', 'editor'])).toEqual(['org.read', 'item.edit', 'plan.edit', 'plan.approve', 'catalogue.edit', 'norm.manage', 'norm.adjust', 'exemption.grant', 'audit.read']);
    expect(capabilitiesOf([])).toEqual([]);
  });

  it('agree with hasCapability for every set of roles', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES]), (roles: Role[]) => {
        for (const capability of CAPABILITIES) expect(capabilitiesOf(roles).includes(capability)).toBe(hasCapability(roles, capability));
      }),
    );
  });

  it('give every role the right to read, and every capability to some role', () => {
    for (const role of ROLES) expect(ROLE_CAPABILITIES[role]).toContain('org.read');
    expect(capabilitiesOf([...ROLES])).toEqual([...CAPABILITIES]);
  });

  it('show the strongest role held', () => {
    expect(strongestRole(['viewer', 'director'])).toBe('director');
    expect(strongestRole(['editor', 'admin'])).toBe('admin');
    expect(strongestRole([])).toBe('viewer');
  });

  it('know a role when they see one', () => {
    expect(isRole('editor')).toBe(true);
    expect(isRole('owner')).toBe(false);
    expect(isRole(1)).toBe(false);
  });
});
