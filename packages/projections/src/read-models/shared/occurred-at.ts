import { instantMs } from "@linkwork/core/store-kit";

/**
 * The instant an event occurred, as epoch ms. Every read model of a set reads it from the same event
 * one after another, so the last text parsed is kept: the set parses it once per event instead of
 * once per read model. Keyed by the text itself, so the answer is always `instantMs`'s.
 * The memo never changes an answer, whatever came before (test/read-models/shared/last-answer-memos.test.ts).
 */
let lastText = "";
let lastMs = Number.NaN;

export function occurredAtMs(metadata: { readonly occurredAt: string }): number {
  const text = metadata.occurredAt;
  if (text !== lastText) {
    lastMs = instantMs(text);
    lastText = text;
  }
  return lastMs;
}

/** `Date.parse(text)`, faster for the core's Instant shape (the core's own, re-exported for the read models). */
export { instantMs };
