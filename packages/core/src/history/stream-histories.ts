import { instantMs } from "../events/instant-ms.js";
import { caseHistoryRule, endedCase, type CaseCheckState } from "../case/history-rules.js";
import type { CaseEvent } from "../case/events.js";
import { eventCatalogue, type LinkworkEvent } from "../events/catalogue.js";
import { codeListStream, streamCategory, streamEntityId } from "../events/streams.js";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import { personUsageHistoryRule, type PersonUsageCheckState } from "../person-usage/history-rules.js";
import type { PersonUsageEvent } from "../person-usage/events.js";
import { referenceHistoryRule, type ReferenceCheckState } from "../reference-data/history-rules.js";
import { localCodeUsesOfEvent, type LocalCodeUse } from "../reference-data/local-codes.js";
import { providerLocalCodeUsesOfEvent } from "../provider/local-code-uses.js";
import type { ReferenceEvent } from "../reference-data/events.js";
import { providerHistoryRule, type ProviderCheckState } from "../provider/history-rules.js";
import type { ProviderEvent } from "../provider/events.js";
import { GpRecordEntryLedger } from "./gp-record-entry-ledger.js";
import type { HistoryProblemCode } from "./history-problem.js";
import type { RuleRefusal, StreamRule } from "./stream-rule.js";

/** Why an event cannot follow its stream: a rule's refusal, time going backwards, or a type of another category. */
export interface StreamRefusal {
  readonly code: RuleRefusal["code"] | Extract<HistoryProblemCode, "TIME_WENT_BACKWARDS" | "WRONG_STREAM_CATEGORY">;
  readonly path: string;
  readonly message: string;
}

/** Where a stream has got to in the history read so far. */
interface StreamProgress {
  /** The stream's version after its last event that passed. */
  version: number;
  /** The line (or store event ordinal) whose event the stream lost; 0 while none. */
  brokenAt: number;
  /** occurredAt of its last event that passed, as a number (-Infinity before the first). */
  lastMs: number;
}

/** One stream as the checker holds it: its progress and its rule's state, by kind of rule. */
export type StreamRecord =
  | (StreamProgress & { readonly kind: "case"; state: CaseCheckState })
  | (StreamProgress & { readonly kind: "person"; state: PersonUsageCheckState })
  | (StreamProgress & { readonly kind: "reference"; state: ReferenceCheckState })
  | (StreamProgress & { readonly kind: "provider"; state: ProviderCheckState });

type Kind = StreamRecord["kind"];

const kindOfCategory: { readonly [category: string]: Kind | undefined } = {
  case: "case",
  person: "person",
  pcn: "reference",
  linkworker: "reference",
  codelist: "reference",
  provider: "provider",
};

const isCaseEvent = (event: LinkworkEvent): event is CaseEvent => eventCatalogue[event.type].category === "case";
const isPersonUsageEvent = (event: LinkworkEvent): event is PersonUsageEvent => eventCatalogue[event.type].category === "person";
const isProviderEvent = (event: LinkworkEvent): event is ProviderEvent => eventCatalogue[event.type].category === "provider";
const isReferenceEvent = (event: LinkworkEvent): event is ReferenceEvent => {
  const category = eventCatalogue[event.type].category;
  return kindOfCategory[category] === "reference";
};

/**
 * Every stream's history as the deciders see it, so a history is held to the domain's rules and not
 * only to its schemas: each stream's events must be a sequence its decider's evolve accepts (no event
 * after a case ended, ids that match their stream, references to goals, connections and follow-ups
 * the case has, instruments and score names from the registry), and time never runs backwards inside
 * a stream. One record a stream, with what the rules read (see CaseCheckState), while it is open; an
 * ended case keeps one number (its version, or where it lost an event), since whatever follows it is
 * refused: nothing may follow an ended case, whatever its time. Memory grows with open streams, and
 * a few words per ended case, never with events.
 */
export class StreamHistories {
  readonly #caseRule: StreamRule<CaseCheckState, CaseEvent>;
  readonly #records = new Map<string, StreamRecord>();
  /**
   * Ended cases: the version after the event that ended it, or minus the line of a later event that
   * was refused (the stream then has a hole: what follows is FOLLOWS_SKIPPED_LINE). A small integer
   * in a Map costs a third of a record (measured: docs/projections.md).
   */
  readonly #ended = new Map<string, number>();
  /**
   * The stream `open` found last, and its record: most lines follow a line of the same stream (58% of
   * a simulated year's), and comparing two strings is cheaper than hashing a fresh one for the map.
   * Only a record in #records is kept here; `#forget` drops it when its stream leaves #records.
   */
  #lastStreamId: string | null = null;
  #lastRecord: StreamRecord | undefined;
  /** Each case's GP record entries, caused and acknowledged, kept after it ends until all are acknowledged (see GpRecordEntryLedger). */
  readonly gpRecordEntries = new GpRecordEntryLedger();

  constructor(instruments: InstrumentRegistry) {
    this.#caseRule = withGpRecordAcknowledgements(caseHistoryRule(instruments), this.gpRecordEntries);
  }

  /** Whether the stream has been seen. */
  has(streamId: string): boolean {
    return this.#records.has(streamId) || this.#ended.has(streamId);
  }

  /**
   * The stream's record, made at its first sight; undefined for a stream id of no known category. An
   * ended case answers a record made for the question: change it through `broken` and `follow` only.
   */
  open(streamId: string): StreamRecord | undefined {
    if (streamId === this.#lastStreamId) return this.#lastRecord;
    let record = this.#records.get(streamId);
    if (record === undefined) {
      const ended = this.#ended.get(streamId);
      if (ended !== undefined) return endedRecord(ended);
      const kind = kindOfCategory[streamCategory(streamId)];
      if (kind === undefined) return undefined;
      record = this.#fresh(kind);
      this.#records.set(streamId, record);
    }
    this.#lastStreamId = streamId;
    this.#lastRecord = record;
    return record;
  }

  /** Takes a stream out of #records (its case ended), and out of `open`'s memory. */
  #forget(streamId: string): void {
    this.#records.delete(streamId);
    if (streamId === this.#lastStreamId) {
      this.#lastStreamId = null;
      this.#lastRecord = undefined;
    }
  }

  /** The stream lost an event (the line that held it): its later events follow a hole. */
  broken(record: StreamRecord, streamId: string, line: number): void {
    if (record.brokenAt !== 0) return;
    record.brokenAt = line;
    if (record.kind === "case" && record.state === endedCase) this.#ended.set(streamId, -line);
  }

  #fresh(kind: Kind): StreamRecord {
    const progress = { version: 0, brokenAt: 0, lastMs: -Infinity };
    switch (kind) {
      case "case":
        return { kind, ...progress, state: this.#caseRule.initialState };
      case "person":
        return { kind, ...progress, state: personUsageHistoryRule.initialState };
      case "reference":
        return { kind, ...progress, state: referenceHistoryRule.initialState };
      case "provider":
        return { kind, ...progress, state: providerHistoryRule.initialState };
    }
  }

  /**
   * Why the event cannot follow its stream's events so far, or null, in which case it now follows
   * them and the stream is at `version`.
   */
  follow(record: StreamRecord, streamId: string, event: LinkworkEvent, version: number): StreamRefusal | null {
    const refusal = this.#followRule(record, streamId, event);
    if (refusal !== null) return refusal;
    record.version = version;
    if (record.kind === "case" && isCaseEvent(event)) this.gpRecordEntries.follow(streamId, event, record.state === endedCase);
    if (record.kind === "case" && record.state === endedCase) {
      this.#forget(streamId);
      this.#ended.set(streamId, version);
    }
    return null;
  }

  #followRule(record: StreamRecord, streamId: string, event: LinkworkEvent): StreamRefusal | null {
    switch (record.kind) {
      case "case":
        if (!isCaseEvent(event)) return wrongCategory(streamId, event);
        return this.#unregisteredCode(localCodeUsesOfEvent(event)) ?? followRule(this.#caseRule, record, streamId, event);
      case "person":
        return isPersonUsageEvent(event) ? followRule(personUsageHistoryRule, record, streamId, event) : wrongCategory(streamId, event);
      case "reference":
        return isReferenceEvent(event) && eventCatalogue[event.type].category === streamCategory(streamId)
          ? followRule(referenceHistoryRule, record, streamId, event)
          : wrongCategory(streamId, event);
      case "provider":
        return isProviderEvent(event)
          ? (this.#unregisteredCode(providerLocalCodeUsesOfEvent(event)) ?? followRule(providerHistoryRule, record, streamId, event))
          : wrongCategory(streamId, event);
    }
  }

  /**
   * A local code the event uses that its code list has not registered on an earlier line, as the
   * command handler refuses the command (UNKNOWN_REFERENCE naming the field, never the code: free
   * text in a code may identify someone). The code lists' streams are read as they stand here.
   */
  #unregisteredCode(uses: readonly LocalCodeUse[]): StreamRefusal | null {
    for (const use of uses) {
      const list = this.#records.get(codeListStream(use.list));
      if (list?.kind === "reference" && list.state.codes.has(use.code)) continue;
      return {
        code: "UNKNOWN_REFERENCE",
        path: use.path,
        message: `is not a national ${use.list} category or a local code registered earlier in the codelist-${use.list} stream`,
      };
    }
    return null;
  }

  /** Every stream as `[streamId, version, brokenAt, lastMs or null, state]`, for the checker's snapshot. */
  encode(): unknown[] {
    const streams: unknown[] = [];
    for (const [streamId, record] of this.#records) {
      const lastMs = Number.isFinite(record.lastMs) ? record.lastMs : null;
      streams.push([streamId, record.version, record.brokenAt, lastMs, this.#encodeState(record)]);
    }
    for (const [streamId, ended] of this.#ended) {
      const record = endedRecord(ended);
      streams.push([streamId, record.version, record.brokenAt, null, this.#caseRule.encode(endedCase)]);
    }
    return streams;
  }

  #encodeState(record: StreamRecord): unknown {
    switch (record.kind) {
      case "case":
        return this.#caseRule.encode(record.state);
      case "person":
        return personUsageHistoryRule.encode(record.state);
      case "reference":
        return referenceHistoryRule.encode(record.state);
      case "provider":
        return providerHistoryRule.encode(record.state);
    }
  }

  /** Restores `encode`'s streams; a message naming the first entry that is not one. */
  decode(streams: readonly unknown[]): string | null {
    for (let index = 0; index < streams.length; index++) {
      const entry = streams[index];
      if (!Array.isArray(entry) || entry.length !== 5) return `streams[${index}] is not [streamId, version, brokenAt, lastMs, state]`;
      const [streamId, version, brokenAt, lastMs, data] = entry as readonly unknown[];
      if (typeof streamId !== "string" || this.has(streamId)) return `streams[${index}]: not a new stream id`;
      if (!isCount(version) || !isCount(brokenAt) || !(lastMs === null || typeof lastMs === "number"))
        return `streams[${index}]: version, brokenAt and lastMs must be numbers`;
      const record = this.open(streamId);
      if (record === undefined) return `streams[${index}]: ${streamId} is of no known category`;
      record.version = version;
      record.brokenAt = brokenAt;
      record.lastMs = lastMs ?? -Infinity;
      if (!this.#decodeState(record, data)) return `streams[${index}]: not a state of a ${record.kind} stream`;
      if (record.kind === "case" && record.state === endedCase) {
        this.#forget(streamId);
        this.#ended.set(streamId, brokenAt === 0 ? version : -brokenAt);
      }
    }
    return null;
  }

  #decodeState(record: StreamRecord, data: unknown): boolean {
    switch (record.kind) {
      case "case": {
        const state = this.#caseRule.decode(data);
        if (state !== null) record.state = state;
        return state !== null;
      }
      case "person": {
        const state = personUsageHistoryRule.decode(data);
        if (state !== null) record.state = state;
        return state !== null;
      }
      case "reference": {
        const state = referenceHistoryRule.decode(data);
        if (state !== null) record.state = state;
        return state !== null;
      }
      case "provider": {
        const state = providerHistoryRule.decode(data);
        if (state !== null) record.state = state;
        return state !== null;
      }
    }
  }
}

/**
 * The case rule, and an acknowledgement of GP record entries must name entries the case caused and
 * has not acknowledged, as the handler requires (checked after the case's own rules, so a line they
 * refuse keeps its verdict).
 */
function withGpRecordAcknowledgements(
  rule: StreamRule<CaseCheckState, CaseEvent>,
  entries: GpRecordEntryLedger,
): StreamRule<CaseCheckState, CaseEvent> {
  return {
    ...rule,
    refusal: (state, event, entityId) =>
      rule.refusal(state, event, entityId) ??
      (event.type === "GpRecordEntriesSent" ? entries.refusal(`case-${entityId}`, event.data.entryIds, state === endedCase) : null),
  };
}

/** An ended case's record, made when asked for: its version, or the line it lost an event at. */
function endedRecord(ended: number): StreamRecord {
  return { kind: "case", version: ended > 0 ? ended : 0, brokenAt: ended < 0 ? -ended : 0, lastMs: -Infinity, state: endedCase };
}

const isCount = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

function wrongCategory(streamId: string, event: LinkworkEvent): StreamRefusal {
  const category = eventCatalogue[event.type].category;
  return { code: "WRONG_STREAM_CATEGORY", path: "type", message: `${event.type} belongs in a ${category} stream, not in ${streamId}` };
}

function followRule<State, Event extends LinkworkEvent>(
  rule: StreamRule<State, Event>,
  record: StreamProgress & { state: State },
  streamId: string,
  event: Event,
): StreamRefusal | null {
  const occurredAt = event.metadata.occurredAt;
  // As the deciders compare: by the instant (text comparison misreads fractions of a second); instantMs is Date.parse, faster.
  const ms = instantMs(occurredAt);
  if (ms < record.lastMs) {
    return {
      code: "TIME_WENT_BACKWARDS",
      path: "metadata.occurredAt",
      message: `occurredAt ${occurredAt} is before the stream's latest event (${new Date(record.lastMs).toISOString()})`,
    };
  }
  const refusal = rule.refusal(record.state, event, streamEntityId(streamId));
  if (refusal !== null) return refusal;
  record.state = rule.evolve(record.state, event);
  record.lastMs = ms;
  return null;
}
