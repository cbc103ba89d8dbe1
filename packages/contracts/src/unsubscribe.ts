import { Type } from 'typebox';

/** A one-click unsubscribe link (issue 14): `<userId>.<kind|all>.<signature>`, checked by the API. */
export const UnsubscribeParams = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200, description: 'The token from the link in the mail' }) },
  { additionalProperties: false },
);

/** The undo button of the unsubscribe page: what the unsubscribe changed, as it was (it can only give back values within the link's scope). */
export const UnsubscribeUndoQuery = Type.Object({ was: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
