/**
 * The instant an event occurred, as epoch ms. Every read model of a set reads it from the same event
 * one after another, so the last text parsed is kept: the set parses it once per event instead of
 * once per read model. Keyed by the text itself, so the answer is always Date.parse's.
 */
let lastText = "";
let lastMs = Number.NaN;

export function occurredAtMs(metadata: { readonly occurredAt: string }): number {
  const text = metadata.occurredAt;
  if (text !== lastText) {
    lastMs = Date.parse(text);
    lastText = text;
  }
  return lastMs;
}
