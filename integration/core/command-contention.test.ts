import * as E from "fp-ts/lib/Either.js";
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseStream, linkwork, type EventStore, type HandleError, type LinkworkOptions } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";

// The command handler under contention: many commands on one case in one process, handlers in
// several "processes" over one store, reused command ids and dates in the future. No real time:
// retries pause through an injected sleep that resolves at once and records what it was asked.

const at = "2025-01-06T09:00:00Z";

function command(type: string, caseId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { type, caseId, commandId: randomUUID(), occurredAt: at, recordedBy: "lw_w1", ...fields };
}

const referral = (caseId: string) =>
  command("ReceiveReferral", caseId, {
    personId: caseId.replace("case_", "person_"),
    pcnId: "U00007",
    practiceId: "P00004",
    source: "gp",
    reasons: ["loneliness"],
    consent: { contact: true, shareOutcomeWithReferrer: false },
  });

/** A referral taken up to an agreed plan: after these, any number of connections can be made. */
const upToPlan = (caseId: string) => [
  referral(caseId),
  command("AcceptReferral", caseId, { linkWorkerId: "lw_w1" }),
  command("HoldConversation", caseId, { mode: "phone", minutes: 30 }),
  command("AgreePlan", caseId, { goals: [{ goalId: "goal-1", need: "loneliness" }] }),
];

const connection = (caseId: string, connectionId: string) =>
  command("MakeConnection", caseId, {
    connectionId,
    goalId: "goal-1",
    providerId: "prov_p1",
    activity: "peer_support",
    mode: "referred",
  });

/** A store that counts appends and the conflicts it answered, as another process would cause them. */
function countingStore(store: EventStore) {
  const counts = { appends: 0, conflicts: 0 };
  const counted: EventStore = {
    append: async (streamId, events, expected) => {
      counts.appends++;
      const result = await store.append(streamId, events, expected);
      if (E.isLeft(result) && result.left.code === "CONCURRENCY_CONFLICT") counts.conflicts++;
      return result;
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
  return { store: counted, counts };
}

/** A sleep that records each pause and returns at once. */
function recordedSleep() {
  const pauses: number[] = [];
  return { pauses, sleep: (ms: number) => (pauses.push(ms), Promise.resolve()) };
}

async function streamOf(store: EventStore, caseId: string) {
  const read = await store.readStream(caseStream(caseId));
  if (E.isLeft(read)) throw new Error(read.left.message);
  return read.right;
}

function right<R>(answer: E.Either<HandleError, R>): R {
  if (E.isLeft(answer)) throw new Error(`expected Right, got ${JSON.stringify(answer.left)}`);
  return answer.right;
}

describe("commands under contention", () => {
  it("200 concurrent commands on one case through one handler all succeed, with contiguous versions and no conflict", async () => {
    const { store, counts } = countingStore(memoryEventStore());
    const { pauses, sleep } = recordedSleep();
    const app = linkwork(store, { sleep });
    for (const setup of upToPlan("case_c200")) right(await app.handle(setup));
    const commands = Array.from({ length: 200 }, (_, index) => connection("case_c200", `connection-${index}`));
    const answers = await Promise.all(commands.map((each) => app.handle(each)));

    const handled = answers.map(right);
    // Queued in submission order, each one version after the last.
    expect(handled.map((each) => each.version)).toEqual(commands.map((_, index) => 5 + index));
    expect(counts).toEqual({ appends: 204, conflicts: 0 });
    expect(pauses).toEqual([]);
    const stream = await streamOf(store, "case_c200");
    expect(stream.map((recorded) => recorded.streamVersion)).toEqual(Array.from({ length: 204 }, (_, index) => index + 1));
    expect(stream.slice(4).map((recorded) => recorded.event.metadata.causationId)).toEqual(commands.map((each) => each["commandId"]));
    expect(right(await app.loadCase("case_c200")).state.connections.size).toBe(200);
  });

  it("two handlers over one store (two processes) racing on one case: conflicts are retried after jittered pauses, none lost", async () => {
    const { store, counts } = countingStore(memoryEventStore());
    const setup = linkwork(store);
    for (const each of upToPlan("case_racex1")) right(await setup.handle(each));
    const sleeps = [recordedSleep(), recordedSleep()];
    const options = (index: number): LinkworkOptions => ({ retry: { maxAttempts: 1_000 }, random: () => 0.5, sleep: sleeps[index]!.sleep });
    const handlers = [linkwork(store, options(0)), linkwork(store, options(1))];
    const commands = Array.from({ length: 60 }, (_, index) => connection("case_racex1", `connection-${index}`));
    const answers = await Promise.all(commands.map((each, index) => handlers[index % 2]!.handle(each)));

    const handled = answers.map(right);
    expect(counts.conflicts).toBeGreaterThan(0);
    // Every conflict was followed by one pause (none ran out of attempts), each half its cap.
    const pauses = sleeps.flatMap(({ pauses }) => pauses);
    expect(pauses).toHaveLength(counts.conflicts);
    for (const pause of pauses) expect([2.5, 5, 10, 20, 40, 80, 100]).toContain(pause);
    const stream = await streamOf(store, "case_racex1");
    expect(stream.map((recorded) => recorded.streamVersion)).toEqual(Array.from({ length: 64 }, (_, index) => index + 1));
    for (const [index, each] of commands.entries()) {
      const written = stream.filter((recorded) => recorded.event.metadata.causationId === each["commandId"]);
      expect(written.map((recorded) => recorded.event)).toEqual(handled[index]!.events);
    }
  });

  it("with few attempts, a command that loses every race answers CONCURRENCY_CONFLICT and writes nothing", async () => {
    const store = memoryEventStore();
    const setup = linkwork(store);
    for (const each of upToPlan("case_tightx1")) right(await setup.handle(each));
    const options: LinkworkOptions = { retry: { maxAttempts: 1 }, sleep: () => Promise.resolve() };
    const handlers = [linkwork(store, options), linkwork(store, options), linkwork(store, options)];
    const commands = Array.from({ length: 30 }, (_, index) => connection("case_tightx1", `connection-${index}`));
    const answers = await Promise.all(commands.map((each, index) => handlers[index % 3]!.handle(each)));

    const stream = await streamOf(store, "case_tightx1");
    const refused = answers.filter(E.isLeft);
    expect(refused.length).toBeGreaterThan(0);
    for (const [index, answer] of answers.entries()) {
      const written = stream.filter((recorded) => recorded.event.metadata.causationId === commands[index]!["commandId"]);
      if (E.isLeft(answer)) {
        expect(answer.left.code).toBe("CONCURRENCY_CONFLICT");
        expect(written).toEqual([]);
      } else expect(written.map((recorded) => recorded.event)).toEqual(answer.right.events);
    }
    expect(stream).toHaveLength(4 + answers.filter(E.isRight).length);
  });

  it("a reused command id with a different command is COMMAND_ID_REUSED and writes nothing; the same command again is a duplicate", async () => {
    const store = memoryEventStore();
    const app = linkwork(store);
    const first = referral("case_reusex1");
    const written = right(await app.handle(first));
    const different = { ...first, reasons: ["money_debt_benefits"] };
    for (const handler of [app, linkwork(store, { cacheSize: 0 })]) {
      expect(await handler.handle(different)).toEqual(
        E.left({ code: "COMMAND_ID_REUSED", message: expect.stringContaining(String(first["commandId"])), commandId: first["commandId"] }),
      );
      // A retry, stamped later and through another request, is still the same command.
      const retried = right(await handler.handle({ ...first, occurredAt: "2025-01-06T09:01:00Z", correlationId: randomUUID() }));
      expect(retried).toMatchObject({ duplicate: true, version: 1, events: written.events });
    }
    expect(await streamOf(store, "case_reusex1")).toHaveLength(1);
  });

  it("a repeated id over events written before digests existed is taken as a duplicate, as before", async () => {
    const first = referral("case_oldx1");
    const written = right(await linkwork(memoryEventStore()).handle(first));
    const old = memoryEventStore();
    const undigested = written.events.map(({ metadata: { commandDigest: _digest, ...metadata }, ...event }) => ({ ...event, metadata }));
    right(await old.append(caseStream("case_oldx1"), undigested, "no_stream"));
    const repeated = right(await linkwork(old).handle({ ...first, reasons: ["money_debt_benefits"] }));
    expect(repeated).toMatchObject({ duplicate: true, version: 1, events: undigested });
  });

  it("refuses occurredAt more than the skew ahead of the clock with OCCURRED_IN_FUTURE, accepting the boundary itself", async () => {
    const now = Date.parse("2025-03-03T09:00:00Z");
    const store = memoryEventStore();
    const app = linkwork(store, { clock: () => now });
    const late = { ...referral("case_clockx1"), occurredAt: "2025-03-03T09:05:00.001Z" };
    expect(await app.handle(late)).toEqual(
      E.left({
        code: "OCCURRED_IN_FUTURE",
        message: expect.any(String),
        occurredAt: late.occurredAt,
        latestAccepted: "2025-03-03T09:05:00.000Z",
      }),
    );
    expect(await streamOf(store, "case_clockx1")).toEqual([]);
    right(await app.handle({ ...referral("case_clockx1"), occurredAt: "2025-03-03T09:05:00Z" }));

    const strict = linkwork(memoryEventStore(), { clock: () => now, maxClockSkewMs: 0 });
    expect(await strict.handle({ ...referral("case_strictx1"), occurredAt: "2025-03-03T09:00:01Z" })).toMatchObject({
      left: { code: "OCCURRED_IN_FUTURE", latestAccepted: "2025-03-03T09:00:00.000Z" },
    });
    const unchecked = linkwork(memoryEventStore(), { clock: () => now, maxClockSkewMs: Number.POSITIVE_INFINITY });
    right(await unchecked.handle({ ...referral("case_uncheckedx1"), occurredAt: "9999-01-01T00:00:00Z" }));
  });

  it("for any interleaving of commands on a few cases across two handlers, the final state is the successful commands applied one by one", async () => {
    const perCase = (caseId: string) => [
      ...upToPlan(caseId),
      connection(caseId, "connection-a"),
      connection(caseId, "connection-b"),
      // The same connection again: refused whichever order it lands in.
      connection(caseId, "connection-a"),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }).chain((cases) => {
          const all = Array.from({ length: cases }, (_, index) => perCase(`case_c${index}`)).flat();
          return fc.tuple(
            fc.constant(cases),
            fc.shuffledSubarray(all, { minLength: all.length }),
            fc.array(fc.integer({ min: 0, max: 1 }), { minLength: all.length, maxLength: all.length }),
          );
        }),
        async ([cases, order, handlerOf]) => {
          const store = memoryEventStore();
          const options: LinkworkOptions = { retry: { maxAttempts: 1_000 }, sleep: () => Promise.resolve() };
          const handlers = [linkwork(store, options), linkwork(store, options)];
          const answers = await Promise.all(order.map((each, index) => handlers[handlerOf[index]!]!.handle(each)));
          for (const answer of answers) if (E.isLeft(answer)) expect(answer.left.code).not.toBe("CONCURRENCY_CONFLICT");

          const applied = order
            .map((each, index) => ({ each, answer: answers[index]! }))
            .flatMap(({ each, answer }) =>
              E.isRight(answer) ? [{ each, streamId: answer.right.streamId, version: answer.right.version }] : [],
            )
            .sort((a, b) => a.streamId.localeCompare(b.streamId) || a.version - b.version);
          const sequential = linkwork(memoryEventStore());
          for (const { each } of applied) expect(right(await sequential.handle(each)).duplicate).toBe(false);
          for (let index = 0; index < cases; index++)
            expect(right(await linkwork(store).loadCase(`case_c${index}`))).toEqual(right(await sequential.loadCase(`case_c${index}`)));
        },
      ),
      { numRuns: 60 },
    );
  });
});
