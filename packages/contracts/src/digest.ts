import { Type, type Static } from 'typebox';
import { Uuid } from './common.js';

// `ritm digest` (issue 14): the weekly digests of an organisation's subtree sent (or printed) now.
// On the embedded database, while `ritm serve` holds it, the command asks the server through the
// control channel (`POST /api/control/digest`) with this request and prints this answer.

export const DigestNowRequest = Type.Object(
  {
    orgId: Uuid,
    /** Print each digest as text and write nothing. */
    dryRun: Type.Boolean(),
    /** Send even to those whose digest of the week went already. */
    force: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type DigestNowRequest = Static<typeof DigestNowRequest>;

export const DigestNowResult = Type.Object({
  /** False when there is no such organisation. */
  found: Type.Boolean(),
  digests: Type.Array(
    Type.Object({
      email: Type.String(),
      /** The ISO week (`2026-W48`) in the person's zone. */
      week: Type.String(),
      /** `mailed` (and in the bell), `in_app` (mail off or not configured), `already` (the week's went), `preview` (a dry run). */
      outcome: Type.Union([Type.Literal('mailed'), Type.Literal('in_app'), Type.Literal('already'), Type.Literal('preview')]),
      /** A dry run's text of the digest, in the person's language. */
      text: Type.Optional(Type.String()),
    }),
  ),
});
export type DigestNowResult = Static<typeof DigestNowResult>;
