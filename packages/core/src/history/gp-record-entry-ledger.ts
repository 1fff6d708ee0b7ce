import type { CaseEvent } from "../case/events.js";
import { gpRecordEntryId, gpRecordEntryKind } from "../case/gp-record-entries.js";
import { streamEntityId } from "../events/streams.js";
import type { RuleRefusal } from "./stream-rule.js";

/** One case's GP record entries as the checker keeps them. */
interface CaseEntries {
  /** The ids of the events that caused an entry, 16 bytes each (a UUID's bytes), `count` of them. */
  causedBy: Uint8Array;
  count: number;
  /** Event ids not in lower-case UUID form (the schema reads any case), by index: hashed as written. */
  unusual: Map<number, string> | null;
  /**
   * The entries' ids (gpRecordEntryId of the case and each event), worked out at the case's first
   * acknowledgement and kept from then on; null while the case has none, so cases that never use the
   * GP record feature pay no hashing and keep no text.
   */
  entryIds: string[] | null;
  /** The entry ids acknowledged so far; null before the first acknowledgement. */
  acknowledged: Set<string> | null;
}

const BYTES_PER_EVENT_ID = 16;

/**
 * What the checker needs to give a `GpRecordEntriesSent` line the verdict the handler gives
 * `AcknowledgeGpRecordEntries`: each id names an entry the case caused (UNKNOWN_REFERENCE otherwise)
 * and not yet acknowledged (INVALID_TRANSITION otherwise). Entry ids come from the one function the
 * handler uses (gpRecordEntryId of the case id and the causing event's id, case/gp-record-entries.ts).
 *
 * Memory: kept for ended cases too, since their entries are acknowledged after they end. A case
 * whose events caused entries but that no acknowledgement named costs a Map entry, a small record
 * and 16 bytes per entry (the event id's bytes, never the line's text): about 200 bytes for a case
 * with 6 entries. A case with acknowledgements adds its entry ids as text (about 60 bytes each) and
 * the set of those acknowledged.
 */
export class GpRecordEntryLedger {
  readonly #cases = new Map<string, CaseEntries>();

  /** Why the acknowledgement cannot follow the case's events, naming the first entry at fault; or null. */
  refusal(streamId: string, entryIds: readonly string[]): RuleRefusal | null {
    const entries = this.#cases.get(streamId);
    const known = entries === undefined ? [] : this.#entryIds(streamId, entries);
    for (const [index, entryId] of entryIds.entries()) {
      const path = `data.entryIds[${index}]`;
      if (!known.includes(entryId)) {
        return { code: "UNKNOWN_REFERENCE", path, message: `GP record entry ${entryId} was not caused by an earlier event of this case` };
      }
      if (entries?.acknowledged?.has(entryId) === true) {
        return { code: "INVALID_TRANSITION", path, message: `GP record entry ${entryId} was already acknowledged` };
      }
    }
    return null;
  }

  /** Takes in an event the case's stream accepted: an entry it caused, or the entries it acknowledged. */
  follow(streamId: string, event: CaseEvent): void {
    if (event.type === "GpRecordEntriesSent") {
      const entries = this.#cases.get(streamId);
      if (entries === undefined) return;
      entries.acknowledged ??= new Set();
      for (const entryId of event.data.entryIds) entries.acknowledged.add(entryId);
      return;
    }
    if (gpRecordEntryKind(event) === null) return;
    const eventId = event.metadata.eventId;
    let entries = this.#cases.get(streamId);
    if (entries === undefined) {
      entries = { causedBy: new Uint8Array(4 * BYTES_PER_EVENT_ID), count: 0, unusual: null, entryIds: null, acknowledged: null };
      this.#cases.set(streamId, entries);
    }
    addEventId(entries, eventId);
    entries.entryIds?.push(gpRecordEntryId(streamEntityId(streamId), eventId));
  }

  #entryIds(streamId: string, entries: CaseEntries): readonly string[] {
    if (entries.entryIds === null) {
      const caseId = streamEntityId(streamId);
      const ids: string[] = [];
      for (let index = 0; index < entries.count; index++) ids.push(gpRecordEntryId(caseId, eventIdAt(entries, index)));
      entries.entryIds = ids;
    }
    return entries.entryIds;
  }

  /** Every case as `[case stream id, [causing event ids], [acknowledged entry ids]]`, for the checker's snapshot. */
  encode(): unknown[] {
    const cases: unknown[] = [];
    for (const [streamId, entries] of this.#cases) {
      const causedBy = Array.from({ length: entries.count }, (_, index) => eventIdAt(entries, index));
      cases.push([streamId, causedBy, [...(entries.acknowledged ?? [])]]);
    }
    return cases;
  }

  /** Restores `encode`'s cases; a message naming the first entry that is not one. */
  decode(cases: readonly unknown[]): string | null {
    for (const [index, entry] of cases.entries()) {
      const wrong = `gpRecordEntries[${index}] is not [streamId, [event ids], [entry ids]]`;
      if (!Array.isArray(entry) || entry.length !== 3) return wrong;
      const [streamId, causedBy, acknowledged] = entry as readonly unknown[];
      if (
        typeof streamId !== "string" ||
        !streamId.startsWith("case-") ||
        this.#cases.has(streamId) ||
        !isStrings(causedBy) ||
        !isStrings(acknowledged)
      )
        return wrong;
      if (!causedBy.every((id) => anyCaseUuid.test(id))) return `gpRecordEntries[${index}]: an event id is not a UUID`;
      const entries: CaseEntries = {
        causedBy: new Uint8Array(Math.max(4, causedBy.length) * BYTES_PER_EVENT_ID),
        count: 0,
        unusual: null,
        entryIds: null,
        acknowledged: acknowledged.length === 0 ? null : new Set(acknowledged),
      };
      for (const eventId of causedBy) addEventId(entries, eventId);
      this.#cases.set(streamId, entries);
    }
    return null;
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const anyCaseUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isStrings = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((id) => typeof id === "string");

/** Appends an event id: a lower-case UUID as its 16 bytes (the array grows by doubling), any other form as written. */
function addEventId(entries: CaseEntries, eventId: string): void {
  const offset = entries.count * BYTES_PER_EVENT_ID;
  if (offset + BYTES_PER_EVENT_ID > entries.causedBy.length) {
    const grown = new Uint8Array(entries.causedBy.length * 2);
    grown.set(entries.causedBy);
    entries.causedBy = grown;
  }
  if (!uuidPattern.test(eventId)) {
    (entries.unusual ??= new Map()).set(entries.count++, eventId);
    return;
  }
  let byte = offset;
  for (let index = 0; index < eventId.length; index += 2) {
    if (eventId.charCodeAt(index) === 45) index++; // a dash
    entries.causedBy[byte++] = (hexValue(eventId.charCodeAt(index)) << 4) | hexValue(eventId.charCodeAt(index + 1));
  }
  entries.count++;
}

function hexValue(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

/** The index-th event id, as the event carried it. */
function eventIdAt(entries: CaseEntries, index: number): string {
  const unusual = entries.unusual?.get(index);
  if (unusual !== undefined) return unusual;
  const bytes = entries.causedBy;
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset + index * BYTES_PER_EVENT_ID, BYTES_PER_EVENT_ID).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
