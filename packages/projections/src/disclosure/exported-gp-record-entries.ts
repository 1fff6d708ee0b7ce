import { streamCategory, streamEntityId, type RecordedEvent } from "@linkwork/core";
import { gpRecordEntryId, gpRecordEntryKind } from "@linkwork/core/gp-record";

type CaseEvent = Parameters<typeof gpRecordEntryKind>[0];

/**
 * GP record entry ids in an export: an entry's id is a hash of its case id and the id of the event
 * that caused it, and the export replaces both, so an acknowledgement must name the export's entry
 * ids for the export to pass the history checker (which holds acknowledgements to the entries the
 * case caused). Memory: one pair of ids (about 150 bytes) per entry-causing event exported.
 */
export class ExportedGpRecordEntries {
  /** A source entry id -> the same entry's id in the export. */
  readonly #ids = new Map<string, string>();

  /** The exported event, its acknowledged entry ids renamed; notes the entry an exported case event causes. */
  follow(source: RecordedEvent, exported: RecordedEvent): RecordedEvent {
    if (streamCategory(source.streamId) !== "case") return exported;
    const event = source.event as CaseEvent;
    if (event.type === "GpRecordEntriesSent" && exported.event.type === "GpRecordEntriesSent") {
      const keyed = exported.event.data.entryIds;
      const entryIds = event.data.entryIds.map((id, index) => this.#ids.get(id) ?? keyed[index] ?? id);
      return { ...exported, event: { ...exported.event, data: { ...exported.event.data, entryIds } } };
    }
    if (gpRecordEntryKind(event) !== null) {
      this.#ids.set(
        gpRecordEntryId(streamEntityId(source.streamId), event.metadata.eventId),
        gpRecordEntryId(streamEntityId(exported.streamId), exported.event.metadata.eventId),
      );
    }
    return exported;
  }
}
