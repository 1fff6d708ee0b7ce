import { streamEntityId } from "@linkwork/core";

/**
 * The entity id of a stream (a case's id for `case-<id>`), as the core's streamEntityId gives it.
 * Every read model of a set looks up the same event's stream one after another, so the last answer
 * is kept: the id is cut once per event, and the one string keeps the hash its first Map lookup
 * computed, where a fresh slice per read model would be hashed again by each.
 * The memo never changes an answer, whatever came before (test/read-models/shared/last-answer-memos.test.ts).
 */
let lastStreamId = "";
let lastEntityId = "";

export function streamEntity(streamId: string): string {
  if (streamId !== lastStreamId) {
    lastEntityId = streamEntityId(streamId);
    lastStreamId = streamId;
  }
  return lastEntityId;
}
