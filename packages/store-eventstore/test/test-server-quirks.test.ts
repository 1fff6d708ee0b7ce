// The test server's switches for what particular servers do with positions and checkpoints, as the
// real client sees them: transactions sharing a commit position, and the checkpoint bugs of
// kurrent-io/KurrentDB#4892 and #4970.
import { FORWARDS, START, streamNameFilter, type Position } from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import type { TestServerOptions } from "../test-support/index.js";
import { APPEND_MODES, collect, record, streamName, testEvents, useTestServer } from "./test-server-fixture.js";

const maxUint64 = 2n ** 64n - 1n;

/** Subscribes to `$all` with a stream-name filter and collects checkpoints until caught up. */
function checkpointsUntilLive(harness: ReturnType<typeof useTestServer>, prefix: string) {
  const checkpoints: Position[] = [];
  const subscription = harness().client.subscribeToAll({
    fromPosition: START,
    filter: streamNameFilter({ prefixes: [prefix], checkpointReached: (_, position) => void checkpoints.push(position) }),
  });
  return { checkpoints, subscription, recorded: record(subscription) };
}

describe.each(APPEND_MODES)("appends committed as transactions, via $name", ({ batchAppend }) => {
  const harness = useTestServer({ batchAppend, transactionalAppends: true } satisfies TestServerOptions);

  it("give an append's events one commit position after their own prepare positions, in $all order", async () => {
    const { client } = harness();
    const stream = streamName();
    const result = await client.appendToStream(stream, testEvents(3));
    const events = (await collect(client.readAll({ direction: FORWARDS, fromPosition: START }))).filter(
      (resolved) => resolved.event?.streamId === stream,
    );
    const positions = events.map((resolved) => resolved.event!.position);
    expect(new Set(positions.map((position) => position.commit)).size).toBe(1);
    expect(positions.every((position) => position.prepare < position.commit)).toBe(true);
    expect(positions.map((position) => position.prepare)).toEqual(
      [...positions.map((position) => position.prepare)].sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(result.position).toEqual(positions.at(-1));
    // Reads from an event's position include it, and only the events after it follow.
    const from = await collect(client.readAll({ direction: FORWARDS, fromPosition: positions[1]!, maxCount: 2 }));
    expect(from.map((resolved) => resolved.event?.id)).toEqual(events.slice(1).map((resolved) => resolved.event?.id));
  });
});

describe("a filtered subscription going live with KurrentDB#4892's quirk", () => {
  const harness = useTestServer({ quirks: { maxPositionCheckpointOnLive: true } });

  it("sends the checkpoint (2^64-1, 2^64-1) before caught-up when it had neither checkpoint nor match", async () => {
    const { checkpoints, subscription, recorded } = checkpointsUntilLive(harness, "nothing-matches-");
    await recorded.until(() => recorded.entries.some((entry) => entry.kind === "caughtUp"));
    await subscription.unsubscribe();
    expect(checkpoints).toEqual([{ commit: maxUint64, prepare: maxUint64 }]);
  });
});

describe("a filtered subscription going live with KurrentDB#4970's quirk", () => {
  const harness = useTestServer({ quirks: { endOfLogCheckpoint: true } });

  it("sends a checkpoint at the end of the log, where the next event is then written", async () => {
    const { checkpoints, subscription, recorded } = checkpointsUntilLive(harness, "wanted-");
    await recorded.until(() => recorded.entries.some((entry) => entry.kind === "caughtUp"));
    const stream = `wanted-${streamName()}`;
    const { position } = await harness().client.appendToStream(stream, testEvents(1));
    await recorded.until(() => recorded.events().length === 1);
    await subscription.unsubscribe();
    expect(checkpoints.at(-1)).toEqual(position);
  });
});
