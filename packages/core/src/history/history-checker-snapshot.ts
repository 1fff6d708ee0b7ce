import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import { EventIdSet } from "./event-id-set.js";
import { StreamHistories } from "./stream-histories.js";

/**
 * The snapshot format's version. A change to what the checker keeps, or to the rules, bumps it: a
 * snapshot of another version does not restore, and its reader checks the history again from the
 * start (see docs/reliability.md).
 */
export const HISTORY_CHECKER_SNAPSHOT_VERSION = 3;

const decimal = z.string().regex(/^(0|[1-9][0-9]{0,30})$/);

const Snapshot = z.object({
  format: z.literal("linkwork-history-checker"),
  version: z.number(),
  unit: z.enum(["line", "event"]),
  lineNumber: z.number().int().min(0),
  lastPosition: decimal,
  claimedPosition: decimal.nullable(),
  unreadableLines: z.boolean(),
  storePosition: decimal.nullable(),
  eventIds: z.object({
    ids: z.string(),
    lines: z.string(),
    others: z.array(z.tuple([z.string(), z.number().int().min(1)])),
  }),
  streams: z.array(z.unknown()),
  /** Version 2: each case's GP record entries, caused and acknowledged (GpRecordEntryLedger); version 3: only cases with an entry not yet acknowledged, as [streamId, hashed, ids, acknowledged indexes]. */
  gpRecordEntries: z.array(z.unknown()),
});

/**
 * A HistoryChecker's memory as JSON data: where it has got to in the history (lines or store events
 * read, the last position), every event id with the place that first used it, and each stream's
 * version, hole, latest time and rule state. `JSON.stringify` it to save it.
 */
export type HistoryCheckerSnapshot = z.infer<typeof Snapshot>;

/** What a checker knows, as its fields hold it. */
export interface CheckerMemory {
  readonly unit: "line" | "event";
  readonly lineNumber: number;
  readonly lastPosition: bigint;
  readonly claimedPosition: bigint | null;
  readonly unreadableLines: boolean;
  readonly storePosition: bigint | null;
  readonly eventIds: EventIdSet;
  readonly streams: StreamHistories;
}

export function encodeCheckerMemory(memory: CheckerMemory): HistoryCheckerSnapshot {
  return {
    format: "linkwork-history-checker",
    version: HISTORY_CHECKER_SNAPSHOT_VERSION,
    unit: memory.unit,
    lineNumber: memory.lineNumber,
    lastPosition: memory.lastPosition.toString(),
    claimedPosition: memory.claimedPosition?.toString() ?? null,
    unreadableLines: memory.unreadableLines,
    storePosition: memory.storePosition?.toString() ?? null,
    eventIds: memory.eventIds.toSnapshot(),
    streams: memory.streams.encode(),
    gpRecordEntries: memory.streams.gpRecordEntries.encode(),
  };
}

/** The memory a snapshot holds, or why it holds none (another version, or data that is not a snapshot). */
export function decodeCheckerMemory(data: unknown, instruments: InstrumentRegistry): E.Either<string, CheckerMemory> {
  const parsed = Snapshot.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return E.left(
      `not a history checker snapshot (${issue === undefined ? "" : `${issue.path.join(".")}: `}${issue?.message ?? "invalid"})`,
    );
  }
  const snapshot = parsed.data;
  if (snapshot.version !== HISTORY_CHECKER_SNAPSHOT_VERSION)
    return E.left(`a history checker snapshot of version ${snapshot.version}, not ${HISTORY_CHECKER_SNAPSHOT_VERSION}`);
  const eventIds = EventIdSet.fromSnapshot(snapshot.eventIds);
  if (eventIds === null) return E.left("the snapshot's event ids do not decode");
  const streams = new StreamHistories(instruments);
  const wrong = streams.decode(snapshot.streams);
  if (wrong !== null) return E.left(`the snapshot's ${wrong}`);
  const wrongEntries = streams.gpRecordEntries.decode(snapshot.gpRecordEntries);
  if (wrongEntries !== null) return E.left(`the snapshot's ${wrongEntries}`);
  return E.right({
    unit: snapshot.unit,
    lineNumber: snapshot.lineNumber,
    lastPosition: BigInt(snapshot.lastPosition),
    claimedPosition: snapshot.claimedPosition === null ? null : BigInt(snapshot.claimedPosition),
    unreadableLines: snapshot.unreadableLines,
    storePosition: snapshot.storePosition === null ? null : BigInt(snapshot.storePosition),
    eventIds,
    streams,
  });
}
