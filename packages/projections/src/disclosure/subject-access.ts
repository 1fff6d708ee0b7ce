import * as E from "fp-ts/lib/Either.js";
import { streamCategory, streamEntityId, type EventType, type RecordedEvent } from "@linkwork/core";
import { DisclosureError, recordedEvents, type DisclosureFailure, type DisclosureSource } from "./disclosure-source.js";
import { codeLabel, eventLabels, fieldLabel } from "./plain-words.js";

/**
 * What a person register holds about someone (NHS number, name, contact details, ...), as the
 * subject access export lists it. Linkwork's history holds none of it; a register port supplies it.
 */
export type RegisteredIdentifiers = Readonly<Record<string, string | number | boolean | null>>;

/** Finds a person's identifiers in a register by their pseudonymous id; undefined when it holds none. */
export type RegisterLookup = (personId: string) => Promise<RegisteredIdentifiers | undefined> | RegisteredIdentifiers | undefined;

export interface SubjectAccessOptions {
  /** The person register, when the embedder has one: its identifiers head the export. */
  readonly register?: RegisterLookup;
}

/** One detail of an event in plain words, with the value as held. */
export interface SubjectAccessDetail {
  readonly field: string;
  readonly label: string;
  /** The value in plain words (codes as words, yes/no, lists joined). */
  readonly text: string;
}

/** One event held about the person: when, what it means, its details, and the event exactly as stored. */
export interface SubjectAccessEvent {
  readonly occurredAt: string;
  readonly type: EventType;
  readonly what: string;
  readonly recordedBy: string;
  readonly details: readonly SubjectAccessDetail[];
  /** The event as the history holds it (data and metadata). */
  readonly held: RecordedEvent["event"];
}

/** One stream held about the person: their usage stream, or one episode (case) of theirs. */
export interface SubjectAccessStream {
  readonly streamId: string;
  readonly kind: "person" | "case";
  readonly title: string;
  readonly events: readonly SubjectAccessEvent[];
}

/** Everything held about one person. */
export interface SubjectAccessRecord {
  readonly personId: string;
  /** From the person register, when one was given and holds the person; null otherwise. */
  readonly identifiers: readonly { readonly field: string; readonly label: string; readonly text: string }[] | null;
  readonly streams: readonly SubjectAccessStream[];
  /** Events in all streams. */
  readonly events: number;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return codeLabel(value);
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(valueText).join("; ");
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([field, item]) => `${fieldLabel(field)}: ${valueText(item)}`)
      .join("; ");
  }
  // Event data is JSON: nothing else (functions, symbols) reaches here.
  return typeof value === "bigint" ? value.toString() : "";
}

function describe(recorded: RecordedEvent): SubjectAccessEvent {
  const { event } = recorded;
  return {
    occurredAt: event.metadata.occurredAt,
    type: event.type,
    what: eventLabels[event.type],
    recordedBy: event.metadata.recordedBy,
    details: Object.entries(event.data).map(([field, value]) => ({ field, label: fieldLabel(field), text: valueText(value) })),
    held: event,
  };
}

/**
 * Everything held about one person, from a history file or a store: their person stream (healthcare
 * use, comparison-group enrolment) and every case stream whose referral names them, in the order
 * recorded, each event with plain-words labels and exactly as stored; headed by their identifiers
 * from the person register when a lookup is given. One pass over the history; memory holds only
 * this person's events. PERSON_NOT_FOUND when neither the history nor the register knows them.
 */
export async function subjectAccess(
  source: DisclosureSource,
  personId: string,
  options: SubjectAccessOptions = {},
): Promise<E.Either<DisclosureFailure, SubjectAccessRecord>> {
  let registered: RegisteredIdentifiers | undefined;
  try {
    registered = options.register === undefined ? undefined : await options.register(personId);
  } catch (thrown) {
    return E.left({
      code: "SOURCE_UNREADABLE",
      message: `the person register failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    });
  }
  const personStream = `person-${personId}`;
  const cases = new Set<string>();
  const streams = new Map<string, SubjectAccessEvent[]>();
  let events = 0;
  try {
    for await (const page of recordedEvents(source)) {
      for (const recorded of page) {
        const { streamId, event } = recorded;
        if (event.type === "ReferralReceived" && event.data.personId === personId) cases.add(streamId);
        if (streamId !== personStream && !cases.has(streamId)) continue;
        const list = streams.get(streamId) ?? [];
        list.push(describe(recorded));
        streams.set(streamId, list);
        events += 1;
      }
    }
  } catch (thrown) {
    if (thrown instanceof DisclosureError) return E.left(thrown.failure);
    throw thrown;
  }
  if (events === 0 && registered === undefined) {
    return E.left({ code: "PERSON_NOT_FOUND", message: "no event in the history names this person, and no register entry was found" });
  }
  let episode = 0;
  const held = [...streams].map(([streamId, list]): SubjectAccessStream => {
    const kind = streamCategory(streamId) === "person" ? "person" : "case";
    episode += kind === "case" ? 1 : 0;
    return {
      streamId,
      kind,
      title:
        kind === "person"
          ? "Your use of health services, and evaluation"
          : `Your social prescribing episode ${episode} (case ${streamEntityId(streamId)})`,
      events: list,
    };
  });
  return E.right({
    personId,
    identifiers:
      registered === undefined
        ? null
        : Object.entries(registered).map(([field, value]) => ({
            field,
            label: fieldLabel(field),
            text: value === null ? "none" : String(value),
          })),
    streams: held,
    events,
  });
}
