import type { LinkworkEvent } from "../events/catalogue.js";
import { eventCatalogue } from "../events/catalogue.js";
import { StreamCategory, streamIdPattern } from "../events/streams.js";
import type { EventFilter, ExpectedVersion } from "../store/event-store.js";
import { printable } from "../history/printable-text.js";
import { invalidStoreCall, type StoreError } from "../store/store-error.js";

/**
 * Checks of the arguments of a store call, shared by every store so that they all refuse the same
 * calls with the same paths (docs/storage.md). By hand rather than with zod: they run on every
 * append, so they look at the envelope only (the deciders already validated the events' data).
 */

/** The stream category each event type lives in. */
export const categoryOfType: ReadonlyMap<string, string> = new Map(
  Object.entries(eventCatalogue).map(([type, entry]) => [type, entry.category]),
);

const categories: ReadonlySet<string> = new Set(StreamCategory.options);

/** The most of a refused value a message repeats: enough to recognise it, never a whole payload. */
const ECHO_CHARACTERS = 80;

/** A refused stream id as a message may show it: printable, and cut short past `ECHO_CHARACTERS`. */
function echoed(text: string): string {
  const shown = text.length > ECHO_CHARACTERS ? `${text.slice(0, ECHO_CHARACTERS)}... (${text.length} characters)` : text;
  return printable(shown);
}

/** The stream id's shape; checked once, when a stream is first written or read. */
export function checkStreamId(streamId: unknown): StoreError | null {
  if (typeof streamId !== "string") return invalidStoreCall("streamId", "must be a string");
  // The bare pattern, not a zod parse: several times cheaper, and it runs for every new stream.
  return streamIdPattern.test(streamId)
    ? null
    : invalidStoreCall("streamId", `"${echoed(streamId)}" must be <case|person|pcn|linkworker|codelist|provider>-<opaque id>`);
}

/**
 * The largest global position any store gives: store-eventstore's, EventStoreDB's (commit, prepare)
 * pair of unsigned 64-bit log positions in one bigint (store-eventstore/src/global-position.ts;
 * "all 64-bit revisions and positions", docs/storage.md). Past it a position is a caller's mistake,
 * refused alike by every store rather than failing inside one.
 */
export const MAX_GLOBAL_POSITION = 2n ** 128n - 1n;

const isPosition = (value: unknown): value is bigint => typeof value === "bigint" && value >= 0n && value <= MAX_GLOBAL_POSITION;
const positionRule = "a bigint from 0 to 2^128 - 1";

export function isExpectedVersion(expected: unknown): expected is ExpectedVersion {
  return (
    expected === "any" || expected === "no_stream" || (typeof expected === "number" && Number.isSafeInteger(expected) && expected >= 0)
  );
}

/**
 * One event's envelope: a known type of the stream's category and a UUID event id. Answers the
 * id's fingerprint (see `eventIdFingerprint`) when the envelope is sound. The sound case is kept
 * short so the compiler inlines it into append; the error is worked out apart.
 */
export function checkEvent(event: unknown, index: number, category: string): number | StoreError {
  if (typeof event === "object" && event !== null) {
    const { type, metadata } = event as { readonly type?: unknown; readonly metadata?: unknown };
    if (typeof type === "string" && categoryOfType.get(type) === category && typeof metadata === "object" && metadata !== null) {
      const fingerprint = eventIdFingerprint((metadata as { readonly eventId?: unknown }).eventId);
      if (fingerprint >= 0) return fingerprint;
    }
  }
  return eventProblem(event, index, category);
}

function eventProblem(event: unknown, index: number, category: string): StoreError {
  if (typeof event !== "object" || event === null) return invalidStoreCall(`events[${index}]`, "must be an event object");
  const { type, metadata } = event as { readonly type?: unknown; readonly metadata?: unknown };
  if (typeof type !== "string") return invalidStoreCall(`events[${index}].type`, "must be an event type");
  const typeCategory = categoryOfType.get(type);
  if (typeCategory === undefined) return invalidStoreCall(`events[${index}].type`, `"${type}" is not a known event type`);
  if (typeCategory !== category)
    return invalidStoreCall(`events[${index}].type`, `${type} belongs in a ${typeCategory} stream, not a ${category} stream`);
  if (typeof metadata !== "object" || metadata === null)
    return invalidStoreCall(`events[${index}].metadata`, "must be the event's metadata");
  return invalidStoreCall(`events[${index}].metadata.eventId`, "must be a UUID (8-4-4-4-12 hexadecimal digits)");
}

/** Hexadecimal digit values by character code; -1 for anything else. */
const hexDigit = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  hexDigit[digit.toString(16).charCodeAt(0)] = digit;
  hexDigit[digit.toString(16).toUpperCase().charCodeAt(0)] = digit;
}

/**
 * Checks that an event id is laid out as a UUID (36 characters, dashes in place, hexadecimal tail)
 * and returns its last seven hex digits as a number (random bits in v4 and v7 ids), or -1. Reading
 * every character would cost as much as the rest of an append; the full check belongs to the
 * events' schema, which the deciders apply.
 */
export function eventIdFingerprint(eventId: unknown): number {
  if (typeof eventId !== "string" || eventId.length !== 36) return -1;
  if (eventId.charCodeAt(8) !== 45 || eventId.charCodeAt(13) !== 45 || eventId.charCodeAt(18) !== 45 || eventId.charCodeAt(23) !== 45)
    return -1;
  let fingerprint = 0;
  for (let at = 29; at < 36; at++) {
    const digit = hexDigit[eventId.charCodeAt(at)] ?? -1;
    if (digit < 0) return -1;
    fingerprint = (fingerprint << 4) | digit;
  }
  return fingerprint;
}

/** Options must be absent or an object; anything else (a string, an array) is a bad call. */
export function checkOptions(options: unknown): StoreError | null {
  return options === undefined || (typeof options === "object" && options !== null && !Array.isArray(options))
    ? null
    : invalidStoreCall("options", "must be an object");
}

export function checkVersion(value: unknown, path: string): StoreError | null {
  return value === undefined || (typeof value === "number" && Number.isSafeInteger(value) && value >= 0)
    ? null
    : invalidStoreCall(path, "must be a whole number of events, 0 or more");
}

export function checkCount(value: unknown, path: string): StoreError | null {
  return value === undefined || (typeof value === "number" && Number.isSafeInteger(value) && value >= 1)
    ? null
    : invalidStoreCall(path, "must be a whole number, 1 or more");
}

export function checkPosition(value: unknown, path: string): StoreError | null {
  return value === undefined || isPosition(value) ? null : invalidStoreCall(path, `must be a global position (${positionRule})`);
}

/** Whether a read or subscription delivers events of this type (a category is decided by the type). */
export type EventMatch = (type: string) => boolean;

export function eventMatch(filter: unknown, path: string): { readonly match: EventMatch | null } | { readonly error: StoreError } {
  if (filter === undefined) return { match: null };
  if (typeof filter !== "object" || filter === null) return { error: invalidStoreCall(path, "must be an object") };
  const { categories: wantedCategories, eventTypes: wantedTypes } = filter as EventFilter;
  const byCategory = listOf(wantedCategories, `${path}.categories`, categories, "stream category");
  if ("error" in byCategory) return byCategory;
  const byType = listOf(wantedTypes, `${path}.eventTypes`, categoryOfType, "event type");
  if ("error" in byType) return byType;
  const inCategories = byCategory.set;
  const ofTypes = byType.set;
  if (inCategories === null && ofTypes === null) return { match: null };
  return {
    match: (type) => (ofTypes === null || ofTypes.has(type)) && (inCategories === null || inCategories.has(categoryOfType.get(type) ?? "")),
  };
}

function listOf(
  value: unknown,
  path: string,
  known: { has(key: string): boolean },
  what: string,
): { readonly set: ReadonlySet<string> | null } | { readonly error: StoreError } {
  if (value === undefined) return { set: null };
  if (!Array.isArray(value) || value.length === 0)
    return { error: invalidStoreCall(path, `must be a non-empty list (leave it out to take every ${what})`) };
  for (const [index, item] of (value as unknown[]).entries()) {
    if (typeof item !== "string" || !known.has(item)) return { error: invalidStoreCall(`${path}[${index}]`, `must be a known ${what}`) };
  }
  return { set: new Set(value as string[]) };
}

/** The first event id of a batch that repeats an earlier one's, as a bad call; null when all differ. */
export function repeatedEventId(batch: readonly LinkworkEvent[]): StoreError | null {
  const seen = new Map<string, number>();
  for (let index = 0; index < batch.length; index++) {
    const eventId = batch[index]!.metadata.eventId;
    const first = seen.get(eventId);
    if (first !== undefined) return invalidStoreCall(`events[${index}].metadata.eventId`, `repeats the id of events[${first}]`);
    seen.set(eventId, index);
  }
  return null;
}

// Checkpoint store calls.

/**
 * U+0000 (PostgreSQL text cannot hold it) and a lone surrogate (sent to a server as UTF-8 it
 * becomes U+FFFD, so two different strings would be stored as one): text no store keeps as given.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is the character refused
const unstorable = /[\u0000\p{Cs}]/u;

/** A projection's name: a key of the checkpoint table, so bounded, printable and stored as given. */
export function checkProjectionName(name: unknown): StoreError | null {
  return typeof name === "string" && name.length > 0 && name.length <= 200 && printable(name) === name && !unstorable.test(name)
    ? null
    : invalidStoreCall("name", "must be a projection name (1-200 printable characters)");
}

export function checkCheckpointExpected(expected: unknown): StoreError | null {
  return expected === null || isPosition(expected)
    ? null
    : invalidStoreCall("expected", `must be a global position (${positionRule}) or null`);
}

export function checkCheckpoint(next: unknown): StoreError | null {
  if (typeof next !== "object" || next === null) return invalidStoreCall("next", "must be a checkpoint { position, snapshot? }");
  const { position, snapshot } = next as { readonly position?: unknown; readonly snapshot?: unknown };
  if (!isPosition(position)) return invalidStoreCall("next.position", `must be a global position (${positionRule})`);
  if (snapshot !== undefined && typeof snapshot !== "string") return invalidStoreCall("next.snapshot", "must be a string when present");
  if (snapshot !== undefined && unstorable.test(snapshot))
    return invalidStoreCall("next.snapshot", "must not contain U+0000 or a lone surrogate (no store can keep them as given)");
  return null;
}
