import { createHash, randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { type Checkpoint, type CheckpointStore, type GlobalPosition, type StoreError } from "@linkwork/core";
import { checkCheckpoint, checkCheckpointExpected, checkProjectionName, invalidStoreCall } from "@linkwork/core/store-kit";
import type { Connection } from "./connection.js";
import type { ExpectedRevision, ProposedEvent, StoredEvent } from "./event-store-client.js";
import { appendExactlyOnce } from "./exactly-once-append.js";
import { closedStore, storeErrorOf, unavailable } from "./store-errors.js";

type Answer<T> = E.Either<StoreError, T>;

/** Event types of checkpoint streams: a saved checkpoint, and a reset (the projection is rebuilt). */
export const checkpointSaved = "LinkworkCheckpointSaved";
export const checkpointReset = "LinkworkCheckpointReset";

/** A saved checkpoint's metadata, `{}`, in bytes. */
const savedMetadataBytes = 2;

interface SavedData {
  /** Decimal: JSON has no 64-bit integers. */
  readonly position: string;
  readonly snapshot?: string;
}

/** The last record of a checkpoint stream: its revision, its event id, and the checkpoint it holds (null after a reset). */
interface Latest {
  readonly revision: bigint;
  readonly id: string;
  readonly checkpoint: Checkpoint | null;
}

/**
 * Checkpoints as events, one stream per projection (`linkwork_checkpoint-<name>`). Compare-and-set
 * is an append at the revision of the checkpoint read: if another runner wrote in between, the
 * server refuses it. The stream's `$maxCount` lets the server scavenge all but the last few.
 */
export class EventStoreDbCheckpointStore implements CheckpointStore {
  readonly #connection: Connection;
  /** Tells this store's saves from another runner's identical ones (two processes in step). */
  readonly #runner = randomUUID();

  constructor(connection: Connection) {
    this.#connection = connection;
  }

  async get(name: string): Promise<Answer<Checkpoint | null>> {
    const bad = checkProjectionName(name);
    if (bad !== null) return E.left(bad);
    if (this.#connection.closed) return E.left(closedStore);
    return E.map((latest: Latest | null) => latest?.checkpoint ?? null)(await this.#latest(name));
  }

  async compareAndSet(name: string, expected: GlobalPosition | null, next: Checkpoint): Promise<Answer<void>> {
    const bad = checkProjectionName(name) ?? checkCheckpointExpected(expected) ?? checkCheckpoint(next);
    if (bad !== null) return E.left(bad);
    if (this.#connection.closed) return E.left(closedStore);
    const data: SavedData =
      next.snapshot === undefined
        ? { position: next.position.toString() }
        : { position: next.position.toString(), snapshot: next.snapshot };
    const tooLarge = this.#oversized(data);
    if (tooLarge !== null) return E.left(tooLarge);
    const id = saveId(this.#runner, name, expected, next);
    const latest = await this.#latest(name);
    if (E.isLeft(latest)) return latest;
    // This very save, repeated after an answer that never came (or came too late): already done.
    if (latest.right?.id === id) return E.right(undefined);
    const actual = latest.right?.checkpoint?.position ?? null;
    if (actual !== expected) return E.left(conflict(name, expected, actual));
    const written = await this.#write(name, latest.right, { id, type: checkpointSaved, data, metadata: {} });
    // The only part of a save that can be too large is the snapshot: the server's refusal names it.
    if (E.isLeft(written) && written.left !== "conflict" && written.left.code === "INVALID_STORE_CALL")
      return E.left(invalidStoreCall("next.snapshot", written.left.message));
    if (E.isRight(written) || written.left !== "conflict") return written as Answer<void>;
    // Another runner saved first: report where it left the checkpoint (unless it is this save).
    const now = await this.#latest(name);
    if (E.isRight(now) && now.right?.id === id) return E.right(undefined);
    return E.left(conflict(name, expected, E.isRight(now) ? (now.right?.checkpoint?.position ?? null) : null));
  }

  async reset(name: string): Promise<Answer<void>> {
    const bad = checkProjectionName(name);
    if (bad !== null) return E.left(bad);
    for (let attempt = 1; attempt <= this.#connection.settings.retry.maxAttempts; attempt++) {
      if (this.#connection.closed) return E.left(closedStore);
      const latest = await this.#latest(name);
      if (E.isLeft(latest)) return latest;
      if (latest.right === null || latest.right.checkpoint === null) return E.right(undefined);
      const written = await this.#write(name, latest.right, { id: randomUUID(), type: checkpointReset, data: {}, metadata: {} });
      if (E.isRight(written) || written.left !== "conflict") return written as Answer<void>;
    }
    return E.left(unavailable(`reset checkpoint ${name}: other runners kept saving it; stop them first`, true));
  }

  /**
   * A save over the server's size limits, counted as the append path counts an event (data +
   * metadata + 2 x type, append-call.ts), refused before anything is read or written.
   */
  #oversized(data: SavedData): StoreError | null {
    const { maxEventBytes, maxAppendBytes } = this.#connection.settings.limits;
    const limit = Math.min(maxEventBytes, maxAppendBytes);
    const size = Buffer.byteLength(JSON.stringify(data)) + savedMetadataBytes + 2 * Buffer.byteLength(checkpointSaved);
    return size > limit
      ? invalidStoreCall("next.snapshot", `makes a checkpoint of ${size} bytes as EventStoreDB counts it, over the limit of ${limit}`)
      : null;
  }

  async #latest(name: string): Promise<Answer<Latest | null>> {
    const stream = this.#connection.settings.naming.checkpointStream(name);
    const read = await this.#connection.retrying(() =>
      this.#connection.client.readStream(stream, { direction: "backwards", from: "end", maxCount: 1 }),
    );
    if (read === "closed") return E.left(closedStore);
    if (E.isLeft(read)) return E.left(storeErrorOf(read.left, `read checkpoint ${name}`));
    const last = read.right.events[0];
    if (last === undefined) return E.right(null);
    const checkpoint = checkpointOf(last);
    return checkpoint === undefined
      ? E.left(unavailable(`read checkpoint ${name}: ${stream}@${last.revision} is not a checkpoint written by Linkwork`, false))
      : E.right({ revision: last.revision, id: last.id, checkpoint });
  }

  /** Appends after `latest`; the first write of a stream sets its `$maxCount` first. */
  async #write(name: string, latest: Latest | null, event: ProposedEvent): Promise<E.Either<StoreError | "conflict", void>> {
    const connection = this.#connection;
    const stream = connection.settings.naming.checkpointStream(name);
    const expected: ExpectedRevision = latest === null ? "no_stream" : latest.revision;
    if (latest === null) {
      const limited = await connection.retrying(() => connection.client.setMaxCount(stream, connection.settings.checkpointsKept));
      if (limited === "closed") return E.left(closedStore);
      if (E.isLeft(limited)) return E.left(storeErrorOf(limited.left, `save checkpoint ${name}`));
    }
    const outcome = await appendExactlyOnce(connection, stream, [event], expected);
    switch (outcome.kind) {
      case "appended":
        return E.right(undefined);
      case "conflict":
        return E.left("conflict");
      case "failed":
        return E.left(outcome.failure === "closed" ? closedStore : storeErrorOf(outcome.failure, `save checkpoint ${name}`));
    }
  }
}

/**
 * The event id of one save: the same for the same store, projection, expected position and
 * checkpoint, so a caller that repeats a save whose answer it never got finds its own write,
 * instead of a conflict with it; another runner's identical save (another store) is a conflict.
 * A SHA-256 of the four, shaped as a UUID (version 8, RFC 9562 variant).
 */
function saveId(runner: string, name: string, expected: GlobalPosition | null, next: Checkpoint): string {
  const hash = createHash("sha256")
    .update(`${runner}\u0000${name}\u0000${expected === null ? "none" : expected.toString()}\u0000${next.position.toString()}\u0000`)
    .update(next.snapshot === undefined ? "no snapshot" : `snapshot\u0000${next.snapshot}`)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function conflict(name: string, expected: GlobalPosition | null, actual: GlobalPosition | null): StoreError {
  return {
    code: "CHECKPOINT_CONFLICT",
    message: `checkpoint ${name} is at ${String(actual)}, not ${String(expected)}: another runner holds the projection`,
    name,
    expected,
    actual,
  };
}

/** The checkpoint a record holds (null for a reset); undefined if it is no checkpoint record. */
function checkpointOf(stored: StoredEvent): Checkpoint | null | undefined {
  if (stored.type === checkpointReset) return null;
  if (stored.type !== checkpointSaved || typeof stored.data !== "object" || stored.data === null) return undefined;
  const { position, snapshot } = stored.data as Partial<Record<keyof SavedData, unknown>>;
  if (typeof position !== "string" || !/^\d+$/.test(position) || (snapshot !== undefined && typeof snapshot !== "string")) return undefined;
  return snapshot === undefined ? { position: BigInt(position) } : { position: BigInt(position), snapshot };
}
