// In-memory transaction log: the total commit order that `$all` exposes, plus a
// per-stream index. Commit decisions mirror the server's IndexWriter.CheckCommit so
// expected-revision, idempotency and soft-delete behaviour match a real node.
import { randomUUID } from "node:crypto";
import { IdempotencyCache } from "./idempotency-cache.js";
import {
  DELETED_STREAM,
  METADATA_EVENT_TYPE,
  isMetastream,
  metastreamOf,
  originalStreamOf,
  parseStreamMetadata,
  softDeletedMetadata,
  undeletedMetadata,
  type StreamMetadata,
} from "./stream-metadata.js";

/** The server's ExpectedVersion sentinels; exact revisions are >= 0. */
export const ExpectedVersion = { Any: -2n, NoStream: -1n, StreamExists: -4n } as const;

export const NO_STREAM_REVISION = -1n;
export const TOMBSTONE_EVENT_TYPE = "$streamDeleted";

export interface ProposedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

/**
 * A record's place in `$all`: its commit record's log position and its own (prepare) one. Equal for
 * every non-transactional write on a real node; the events of a transaction share the commit
 * position and differ by prepare position. `$all` is ordered by (commit, prepare).
 */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** Negative, zero or positive as `a` comes before, at or after `b` in `$all`. */
export function compareLogPositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

export interface StoredEvent extends ProposedEvent {
  readonly position: LogPosition;
  readonly streamId: string;
  readonly revision: bigint;
  /** .NET ticks (100 ns) since the Unix epoch. */
  readonly created: bigint;
}

export type WriteResult =
  | {
      readonly kind: "committed";
      /** NO_STREAM_REVISION when nothing was ever written (an empty append to a new stream). */
      readonly lastRevision: bigint;
      readonly position: LogPosition | undefined;
    }
  | { readonly kind: "wrong_expected_version"; readonly currentRevision: bigint }
  | { readonly kind: "stream_deleted" };

export type DeleteResult =
  | { readonly kind: "deleted"; readonly position: LogPosition }
  | { readonly kind: "wrong_expected_version"; readonly currentRevision: bigint }
  | { readonly kind: "stream_deleted" };

type CommitDecision =
  | { readonly kind: "ok"; readonly currentVersion: bigint; readonly softDeleted: boolean }
  | { readonly kind: "idempotent"; readonly first: bigint; readonly last: bigint }
  | { readonly kind: "wrong_expected_version"; readonly currentVersion: bigint }
  | { readonly kind: "deleted" };

interface StreamIndex {
  readonly events: StoredEvent[];
  tombstone: StoredEvent | undefined;
}

export type StreamReadability = "readable" | "not_found" | "deleted";

const utf8 = new TextEncoder();
// Records have a fixed header plus their payload, so positions jump like byte offsets.
const RECORD_HEADER_BYTES = 83n;
// A transaction's commit record: a header and the transaction's position and first event number.
const COMMIT_RECORD_BYTES = 40n;
const FIRST_POSITION = 4096n;

const nowInTicks = (): bigint => BigInt(Date.now()) * 10_000n;

export class EventLog {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StreamIndex>();
  private readonly metadata = new Map<string, StreamMetadata>();
  private readonly listeners = new Set<() => void>();
  private readonly committedEvents: IdempotencyCache;
  private nextPosition = FIRST_POSITION;
  private readonly transactionalAppends: boolean;

  constructor(options: { readonly idempotencyCacheSize: number; readonly transactionalAppends?: boolean }) {
    this.committedEvents = new IdempotencyCache(options.idempotencyCacheSize);
    this.transactionalAppends = options.transactionalAppends ?? false;
    // A fresh node's log starts with system records, so `$all` is never purely user data.
    this.write("$epoch-information", 0n, [
      {
        eventId: randomUUID(),
        type: "$epoch-information",
        isJson: true,
        data: utf8.encode(JSON.stringify({ epochNumber: 0, epochPosition: 0, epochId: randomUUID(), leaderInstanceId: randomUUID() })),
        metadata: new Uint8Array(),
      },
    ]);
  }

  // ---- reading ------------------------------------------------------------------

  get length(): number {
    return this.all.length;
  }

  at(index: number): StoredEvent | undefined {
    return this.all[index];
  }

  /** Index of the first record at or after `position` in (commit, prepare) order (log length if none). */
  indexAtOrAfter(position: LogPosition): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareLogPositions(this.all[mid]!.position, position) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Where the next record will be written: the end of the log. */
  get endPosition(): LogPosition {
    return { commit: this.nextPosition, prepare: this.nextPosition };
  }

  /** Last revision written to the stream; NO_STREAM_REVISION if none, DELETED_STREAM once tombstoned. */
  lastRevision(streamId: string): bigint {
    if (this.isTombstoned(streamId)) return DELETED_STREAM;
    return BigInt(this.streams.get(streamId)?.events.length ?? 0) - 1n;
  }

  event(streamId: string, revision: bigint): StoredEvent | undefined {
    if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    return this.streams.get(streamId)?.events[Number(revision)];
  }

  readability(streamId: string): StreamReadability {
    if (this.isTombstoned(streamId)) return "deleted";
    if (this.lastRevision(streamId) < 0n || this.isSoftDeleted(streamId)) return "not_found";
    return "readable";
  }

  /** Lowest revision a stream read may return; older events are hidden by `$tb` or `$maxCount`. */
  firstVisibleRevision(streamId: string): bigint {
    const meta = this.metadata.get(streamId);
    let first = meta?.truncateBefore ?? 0n;
    if (meta?.maxCount !== undefined) {
      const byCount = this.lastRevision(streamId) - meta.maxCount + 1n;
      if (byCount > first) first = byCount;
    }
    return first;
  }

  /** Wakes the listener after every commit; returns the unsubscribe function. */
  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- writing ------------------------------------------------------------------

  append(streamId: string, expectedVersion: bigint, events: readonly ProposedEvent[]): WriteResult {
    const decision = this.checkCommit(
      streamId,
      expectedVersion,
      events.map((e) => e.eventId),
    );
    switch (decision.kind) {
      case "deleted":
        return { kind: "stream_deleted" };
      case "wrong_expected_version":
        return { kind: "wrong_expected_version", currentRevision: decision.currentVersion };
      case "idempotent":
        // The original result, as the server's AlreadyCommitted reply reports it.
        return {
          kind: "committed",
          lastRevision: decision.last,
          position: this.event(streamId, decision.last)?.position,
        };
      case "ok":
        break;
    }
    // Evaluated before the write: writing to the metastream of a soft-deleted stream undeletes it.
    const undeletesOriginal = isMetastream(streamId) && this.isSoftDeleted(originalStreamOf(streamId));
    const written = this.write(streamId, decision.currentVersion + 1n, events, this.transactionalAppends);
    if (decision.softDeleted) this.softUndelete(streamId, decision.currentVersion + 1n);
    if (undeletesOriginal) {
      const original = originalStreamOf(streamId);
      this.softUndelete(original, this.lastRevision(original) + 1n);
    }
    this.notify();
    const last = written.at(-1);
    return {
      kind: "committed",
      lastRevision: last?.revision ?? decision.currentVersion,
      position: last?.position,
    };
  }

  delete(streamId: string, expectedVersion: bigint, hard: boolean): DeleteResult {
    const decision = this.checkCommit(streamId, expectedVersion, [randomUUID()]);
    switch (decision.kind) {
      case "deleted":
        return { kind: "stream_deleted" };
      case "wrong_expected_version":
        return { kind: "wrong_expected_version", currentRevision: decision.currentVersion };
      case "idempotent":
      case "ok":
        break;
    }
    // The server's StorageWriterService refuses a soft delete of a stream that has neither events
    // nor metadata as a wrong expected version (current -1), whatever revision was sent
    // (kurrent-io/KurrentDB src/KurrentDB.Core/Services/Storage/StorageWriterService.cs, WriteDelete).
    if (!hard && this.lastRevision(streamId) < 0n && this.lastRevision(metastreamOf(streamId)) < 0n) {
      return { kind: "wrong_expected_version", currentRevision: NO_STREAM_REVISION };
    }
    const [record] = hard
      ? this.write(streamId, DELETED_STREAM, [
          { eventId: randomUUID(), type: TOMBSTONE_EVENT_TYPE, isJson: false, data: new Uint8Array(), metadata: new Uint8Array() },
        ])
      : this.write(metastreamOf(streamId), this.lastRevision(metastreamOf(streamId)) + 1n, [metadataEvent(softDeletedMetadata())]);
    this.notify();
    if (record === undefined) throw new Error("delete wrote no record");
    return { kind: "deleted", position: record.position };
  }

  // ---- internals ----------------------------------------------------------------

  private isTombstoned(streamId: string): boolean {
    if (this.streams.get(streamId)?.tombstone !== undefined) return true;
    // The metastream of a tombstoned stream is gone with it.
    return isMetastream(streamId) && this.streams.get(originalStreamOf(streamId))?.tombstone !== undefined;
  }

  private isSoftDeleted(streamId: string): boolean {
    return this.metadata.get(streamId)?.truncateBefore === DELETED_STREAM;
  }

  // Mirrors the server's IndexWriter.CheckCommit.
  private checkCommit(streamId: string, expected: bigint, eventIds: readonly string[]): CommitDecision {
    const current = this.lastRevision(streamId);
    if (current === DELETED_STREAM) return { kind: "deleted" };
    const wrong = { kind: "wrong_expected_version", currentVersion: current } as const;

    if (expected === ExpectedVersion.StreamExists) {
      if (this.isSoftDeleted(streamId)) return { kind: "deleted" };
      if (current < 0n && this.lastRevision(metastreamOf(streamId)) < 0n) return wrong;
    }

    if (expected === ExpectedVersion.Any || expected === ExpectedVersion.StreamExists) {
      // Idempotency here rests on the bounded cache only.
      let first: bigint | undefined;
      let last: bigint | undefined;
      for (const [i, eventId] of eventIds.entries()) {
        const seen = this.committedEvents.get(eventId);
        if (seen === undefined || seen.streamId !== streamId) {
          return i === 0 ? { kind: "ok", currentVersion: current, softDeleted: this.isSoftDeleted(streamId) } : wrong;
        }
        first ??= seen.revision;
        last = seen.revision;
      }
      if (first === undefined || last === undefined) {
        return { kind: "ok", currentVersion: current, softDeleted: this.isSoftDeleted(streamId) };
      }
      return { kind: "idempotent", first, last };
    }

    if (expected < current) {
      // A retry at the same expected revision: compare ids with what sits at those revisions (permanent).
      let revision = expected;
      for (const eventId of eventIds) {
        revision += 1n;
        const seen = this.committedEvents.get(eventId);
        if (seen?.streamId === streamId && seen.revision === revision) continue;
        if (this.event(streamId, revision)?.eventId === eventId) continue;
        if (revision !== expected + 1n) return wrong; // partial match: "corrupted idempotency"
        if (expected === ExpectedVersion.NoStream && this.isSoftDeleted(streamId)) {
          return { kind: "ok", currentVersion: current, softDeleted: true };
        }
        return wrong;
      }
      if (revision === expected) return wrong;
      return { kind: "idempotent", first: expected + 1n, last: revision };
    }

    if (expected > current) return wrong;
    return { kind: "ok", currentVersion: current, softDeleted: this.isSoftDeleted(streamId) };
  }

  /** Sets `$tb` to the first new revision while keeping the rest of the metadata, as the server does. */
  private softUndelete(streamId: string, recreateFrom: bigint): void {
    const raw = this.metadata.get(streamId)?.raw;
    if (raw === undefined) return;
    const data = undeletedMetadata(raw, recreateFrom);
    if (data === undefined) return;
    const metastream = metastreamOf(streamId);
    this.write(metastream, this.lastRevision(metastream) + 1n, [metadataEvent(data)]);
  }

  /**
   * Appends records to the log. As a transaction, the events' prepare records come first and one
   * commit record after them, whose position every event of the write takes as its commit position.
   */
  private write(streamId: string, firstRevision: bigint, events: readonly ProposedEvent[], transaction = false): StoredEvent[] {
    let index = this.streams.get(streamId);
    if (index === undefined) {
      index = { events: [], tombstone: undefined };
      this.streams.set(streamId, index);
    }
    const created = nowInTicks();
    let commit: bigint | undefined;
    if (transaction) {
      commit = this.nextPosition;
      for (const proposed of events) commit += recordSize(streamId, proposed);
    }
    const written = events.map((proposed, offset) => {
      const revision = firstRevision === DELETED_STREAM ? DELETED_STREAM : firstRevision + BigInt(offset);
      const prepare = this.nextPosition;
      const stored: StoredEvent = { ...proposed, streamId, revision, position: { commit: commit ?? prepare, prepare }, created };
      this.nextPosition += recordSize(streamId, proposed);
      this.all.push(stored);
      if (revision === DELETED_STREAM) index.tombstone = stored;
      else index.events.push(stored);
      this.committedEvents.put(stored.eventId, { streamId, revision });
      if (isMetastream(streamId)) this.metadata.set(originalStreamOf(streamId), parseStreamMetadata(stored.data));
      return stored;
    });
    if (commit !== undefined) this.nextPosition = commit + COMMIT_RECORD_BYTES;
    return written;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function metadataEvent(data: Uint8Array): ProposedEvent {
  return { eventId: randomUUID(), type: METADATA_EVENT_TYPE, isJson: true, data, metadata: new Uint8Array() };
}

function recordSize(streamId: string, event: ProposedEvent): bigint {
  const size =
    RECORD_HEADER_BYTES + BigInt(utf8.encode(streamId).length + utf8.encode(event.type).length + event.data.length + event.metadata.length);
  // Records are 8-byte aligned, which keeps positions visibly non-contiguous.
  return ((size + 7n) / 8n) * 8n;
}
