import { Type, type Static } from 'typebox';
import { Version } from './common.js';

/**
 * For a DELETE, whose body clients often cannot send: the version being deleted, as `?version=3`
 * (or send `If-Match: 3`).
 */
export const VersionQuery = Type.Object({ version: Type.Optional(Version) }, { additionalProperties: false });
export type VersionQuery = Static<typeof VersionQuery>;
