/**
 * Reads a list that changes made on this screen may have overtaken: asked again (at most `tries`
 * times in all) while the count of those changes moved during the read, since that answer may
 * predate one of them and would take it off the screen. The last answer is taken as it is.
 *
 * @example readAfterChanges(() => feedsApi.list(), () => changes)
 */
export async function readAfterChanges<T>(read: () => Promise<T>, changes: () => number, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const seen = changes();
    const answer = await read();
    if (seen === changes() || attempt >= tries) return answer;
  }
}
