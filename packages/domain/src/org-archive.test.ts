import { describe, expect, it } from 'vitest';
import { capabilitiesOf, CAPABILITIES, ROLES } from './access.js';
import { capabilitiesInArchive, WITHHELD_IN_ARCHIVE } from './org-archive.js';

describe('an archived organisation', () => {
  it('is read-only for every role: no item, plan, catalogue, norm or exemption changes', () => {
    for (const role of ROLES) {
      const archived = capabilitiesInArchive(capabilitiesOf([role]), true);
      expect(archived.some((capability) => WITHHELD_IN_ARCHIVE.includes(capability))).toBe(false);
      expect(archived).toContain('org.read');
    }
  });

  it('withholds exactly the rights that change what is in it', () => {
    expect(WITHHELD_IN_ARCHIVE).toEqual(['item.edit', 'plan.edit', 'plan.approve', 'catalogue.edit', 'norm.manage', 'norm.adjust', 'exemption.grant']);
  });

  it('still lets an administrator unarchive or delete it, manage its people and read its audit log', () => {
    expect(capabilitiesInArchive(capabilitiesOf(['admin']), true)).toEqual(['org.read', 'audit.read', 'org.admin', 'member.manage']);
    expect(capabilitiesInArchive([...CAPABILITIES], false)).toEqual([...CAPABILITIES]);
  });
});
