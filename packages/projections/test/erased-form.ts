import { randomBytes } from "node:crypto";
import type { RecordedEvent } from "@linkwork/core";
import { openEvent, sealEvent } from "@linkwork/core/personal-data";

/**
 * The events of these people's cases (and, with `usage`, of their healthcare-usage streams) in their
 * erased form, as a sealing store reads them once their keys are gone: sealed under a throwaway key,
 * then opened with none.
 */
export function erasedForm(events: readonly RecordedEvent[], people: ReadonlySet<string>, options: { usage: boolean }): RecordedEvent[] {
  const ownerOf = new Map<string, string>();
  for (const { streamId, event } of events)
    if (event.type === "ReferralReceived" && people.has(event.data.personId)) ownerOf.set(streamId, event.data.personId);
  if (options.usage) for (const personId of people) ownerOf.set(`person-${personId}`, personId);
  return events.map((recorded) => {
    const personId = ownerOf.get(recorded.streamId);
    if (personId === undefined) return recorded;
    return { ...recorded, event: openEvent(sealEvent(recorded.event, { personId, version: 1, key: randomBytes(32) }), null) };
  });
}
