import * as E from "fp-ts/lib/Either.js";
import { exportHistory, type EventStore, type RecordedEvent } from "@linkwork/core";

/** Every event in the store, in global order. */
export async function readAllEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ maxCount: 10_000, ...(after === undefined ? {} : { after }) });
    if (E.isLeft(page)) throw new Error(`the store could not be read: ${page.left.message}`);
    events.push(...page.right.events);
    const last = page.right.events[page.right.events.length - 1];
    if (page.right.isEnd || last === undefined) return events;
    after = last.position;
  }
}

/** The store's history as the NDJSON text `exportHistory` writes. */
export async function exportedText(store: EventStore): Promise<string> {
  const lines: string[] = [];
  for await (const line of exportHistory(store)) lines.push(line);
  return lines.join("");
}

/** Events grouped by stream, each stream in its own order. */
export function byStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const recorded of events) {
    const stream = streams.get(recorded.streamId);
    if (stream === undefined) streams.set(recorded.streamId, [recorded]);
    else stream.push(recorded);
  }
  return streams;
}
