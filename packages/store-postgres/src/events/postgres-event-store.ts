import * as E from "fp-ts/lib/Either.js";
import {
  streamCategory,
  type EventStore,
  type EventSubscription,
  type LinkworkEvent,
  type ReadAllOptions,
  type RecordedEvent,
  type StoreError,
  type SubscribeOptions,
} from "@linkwork/core";
import {
  checkCount,
  checkEvent,
  checkOptions,
  checkPosition,
  checkStreamId,
  checkVersion,
  concurrencyConflict,
  defaultReadAllPageSize,
  invalidStoreCall,
  isExpectedVersion,
  repeatedEventId,
  type AppendResult,
  type ExpectedVersion,
  type ReadAllPage,
  type ReadStreamOptions,
} from "@linkwork/core/store-kit";
import { closedStore, type PostgresConnection } from "../connection/postgres-connection.js";
import { maxEventsPerAppend } from "../schema/schema-names.js";
import { postgresSubscription } from "../subscription/postgres-subscription.js";
import { encodeEvents, eventColumns, recordedOf, type EncodedEvents } from "./event-rows.js";
import { readGlobalPage, sqlFilter } from "./global-page.js";

type Answer<T> = E.Either<StoreError, T>;

/** PostgreSQL's integer: versions and counts beyond it cannot match any stream. */
const maxInteger = 2_147_483_647;

/**
 * The EventStore over PostgreSQL (a server through `pg`, or PGlite). Calls are checked with the
 * core's shared checks before anything is sent; an append is one call of the schema's
 * `append_events` function, so one transaction and one round trip; reads of the global order
 * follow the visibility rule of `global-page.ts`.
 */
export class PostgresEventStore implements EventStore {
  readonly #connection: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#connection = connection;
  }

  async append(streamId: string, events: readonly LinkworkEvent[], expectedVersion: ExpectedVersion): Promise<Answer<AppendResult>> {
    const connection = this.#connection;
    if (connection.closed) return E.left(closedStore);
    const call = checkAppend(streamId, events, expectedVersion);
    if ("code" in call) return E.left(call);
    const { encoded, category } = call;
    // "any" is NULL; a version no stream can reach is -1, which matches none.
    const expected =
      expectedVersion === "any" ? null : expectedVersion === "no_stream" ? 0 : expectedVersion > maxInteger ? -1 : expectedVersion;
    const names = connection.names;
    const answer = await connection.retrying(`append to ${streamId}`, () =>
      connection.client.query(
        `SELECT o_outcome, o_version, o_position::text AS o_position FROM ${names.append}($1, $2, $3, $4, $5, $6, $7, $8)`,
        [streamId, category, expected, encoded.ids, encoded.types, encoded.schemaVersions, encoded.data, encoded.metadata],
        `${names.schema}.append`,
      ),
    );
    if (E.isLeft(answer)) return answer;
    const row = answer.right[0];
    const outcome = row?.["o_outcome"];
    const version = row?.["o_version"] as number;
    switch (outcome) {
      case "appended":
        connection.wakes.wake();
        return E.right({ streamId, nextExpectedVersion: version, position: BigInt(row!["o_position"] as string) });
      case "retried":
        return E.right({ streamId, nextExpectedVersion: version, position: BigInt(row!["o_position"] as string) });
      case "conflict":
        return E.left(concurrencyConflict(streamId, expectedVersion, version, `${streamId} is at version ${version}`));
      case "retry_elsewhere":
        return E.left(
          concurrencyConflict(streamId, expectedVersion, version, `these events were appended to ${streamId} at another version`),
        );
      case "partial":
        return E.left(
          concurrencyConflict(
            streamId,
            expectedVersion,
            version,
            `some of these events are stored in ${streamId} already, not as this batch: a partial retry`,
          ),
        );
      default:
        return E.left({
          code: "STORE_UNAVAILABLE",
          message: `append to ${streamId}: append_events answered nothing known`,
          retryable: false,
        });
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<Answer<readonly RecordedEvent[]>> {
    const connection = this.#connection;
    if (connection.closed) return E.left(closedStore);
    const bad =
      checkOptions(options) ??
      (options?.direction === undefined || options.direction === "forwards" || options.direction === "backwards"
        ? null
        : invalidStoreCall("options.direction", 'must be "forwards" or "backwards"')) ??
      checkVersion(options?.fromVersion, "options.fromVersion") ??
      checkCount(options?.maxCount, "options.maxCount") ??
      checkStreamId(streamId);
    if (bad !== null) return E.left(bad);
    const backwards = options?.direction === "backwards";
    const from = Math.min(options?.fromVersion ?? (backwards ? maxInteger : 0), maxInteger);
    const limit = options?.maxCount === undefined ? null : Math.min(options.maxCount, maxInteger);
    const table = connection.names.events;
    const rows = await connection.retrying(`read ${streamId}`, () =>
      connection.client.query(
        backwards
          ? `SELECT ${eventColumns} FROM ${table} WHERE stream_id = $1 AND stream_version <= $2 ORDER BY stream_version DESC LIMIT $3`
          : `SELECT ${eventColumns} FROM ${table} WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version LIMIT $3`,
        [streamId, from, limit],
        `${connection.names.schema}.read_stream_${backwards ? "backwards" : "forwards"}`,
      ),
    );
    return E.map((found: readonly Readonly<Record<string, unknown>>[]) => found.map(recordedOf))(rows);
  }

  async readAll(options?: ReadAllOptions): Promise<Answer<ReadAllPage>> {
    const connection = this.#connection;
    if (connection.closed) return E.left(closedStore);
    const bad =
      checkOptions(options) ?? checkPosition(options?.after, "options.after") ?? checkCount(options?.maxCount, "options.maxCount");
    if (bad !== null) return E.left(bad);
    const filter = sqlFilter(options?.filter, "options.filter");
    if ("code" in filter) return E.left(filter);
    const maxCount = options?.maxCount ?? defaultReadAllPageSize;
    const after = options?.after ?? 0n;
    const started = Date.now();
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      const page = await connection.retrying("read the global order", () => readGlobalPage(connection, after, maxCount, filter));
      if (E.isLeft(page)) return page;
      const { events, more, blocked } = page.right;
      // A page may stop short of older transactions still writing; an empty one may not, so the
      // read waits for them (they are appends, which take milliseconds) to keep read-your-writes.
      if (!blocked || events.length > 0) return E.right({ events, isEnd: !more && !blocked });
      if (Date.now() - started >= connection.settings.horizonWaitMs) {
        return E.left({
          code: "STORE_UNAVAILABLE",
          message: `read the global order: a transaction older than the newest events has stayed open for ${connection.settings.horizonWaitMs} ms; events after it cannot be read in order until it ends`,
          retryable: true,
        });
      }
      await connection.pause(wait);
    }
  }

  subscribe(options?: SubscribeOptions): EventSubscription {
    return postgresSubscription(this.#connection, options);
  }

  close(): Promise<void> {
    return this.#connection.close();
  }
}

interface CheckedAppend {
  readonly encoded: EncodedEvents;
  readonly category: string;
}

/** The core's checks of an append, in the contract's order, then the store's own (size, JSON). */
function checkAppend(streamId: unknown, events: unknown, expectedVersion: unknown): CheckedAppend | StoreError {
  const badId = checkStreamId(streamId);
  if (badId !== null) return badId;
  if (!Array.isArray(events) || events.length === 0) return invalidStoreCall("events", "must be a non-empty list of events");
  if (!isExpectedVersion(expectedVersion)) {
    return invalidStoreCall("expectedVersion", 'must be "any", "no_stream" or a whole number of events, 0 or more');
  }
  const category = streamCategory(streamId as string);
  const batch = events as readonly LinkworkEvent[];
  for (let index = 0; index < batch.length; index++) {
    const checked = checkEvent(batch[index], index, category);
    if (typeof checked !== "number") return checked;
  }
  const repeated = batch.length > 1 ? repeatedEventId(batch) : null;
  if (repeated !== null) return repeated;
  if (batch.length > maxEventsPerAppend)
    return invalidStoreCall("events", `must hold at most ${maxEventsPerAppend} events; append them in several calls`);
  const encoded = encodeEvents(batch);
  if ("code" in encoded) return encoded;
  return { encoded, category };
}
