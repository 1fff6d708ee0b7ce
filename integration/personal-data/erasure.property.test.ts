import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exportHistory, importHistory, linkwork, type EventStore, type RecordedEvent } from "@linkwork/core";
import { dataKeys, newKeyEncryptionKey, sealingEventStore } from "@linkwork/core/personal-data";
import { arbitraryHistory, localCodeRegistrations, type HistoryCommand } from "@linkwork/core/testing";
import { memoryEventStore, memoryKeyStore } from "@linkwork/store-memory";
import {
  capacityByMonth,
  capacityProjection,
  caseloadProjection,
  communityDemandByProvider,
  communityDemandProjection,
  demandReductionProjection,
  demandReductionReport,
  outcomesProjection,
  outcomesReport,
  referralSourceMix,
  referralSourcesProjection,
  unmetNeedsByMonth,
  unmetNeedsProjection,
  type Projection,
} from "@linkwork/projections";

// Issue 13: for random histories and a random erased person, none of that person's sealed details
// can be found, after erasure, in the store's bytes, an export, a read-model snapshot, a report or
// a log line; every read model still builds, counts by PCN and month do not change, and the
// person-level statistics leave the person out and say so. The person is given details no one
// else has (a local need code, a "what matters" reference) so that "not found" means something:
// the same details are found through the sealing store before erasure.

const clock = () => Date.parse("2031-01-01T00:00:00Z");
const text = (value: unknown) => JSON.stringify(value, (_, inner: unknown) => (typeof inner === "bigint" ? String(inner) : inner));

function right<T>(answer: E.Either<{ readonly message: string }, T>): T {
  if (E.isLeft(answer)) throw new Error(answer.left.message);
  return answer.right;
}

/** The history with the chosen person's cases carrying details only they have. */
function personalised(commands: readonly HistoryCommand[], personId: string, need: string, ref: string): HistoryCommand[] {
  const theirs = new Set(
    commands.flatMap((command) => (command.type === "ReceiveReferral" && command.personId === personId ? [command.caseId] : [])),
  );
  return commands.map((command) => {
    if (!("caseId" in command) || !theirs.has(command.caseId)) return command;
    switch (command.type) {
      case "ReceiveReferral":
        return { ...command, reasons: [...command.reasons.slice(0, 15), need] };
      case "HoldConversation":
        return { ...command, needs: [...command.needs.slice(0, 15), need], whatMattersRef: ref };
      case "RecordUnmetNeed":
        return { ...command, need };
      default:
        return command;
    }
  });
}

async function everything(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = right(await store.readAll(after === undefined ? { maxCount: 1000 } : { after, maxCount: 1000 }));
    events.push(...page.events);
    const last = page.events.at(-1);
    if (page.isEnd || last === undefined) return events;
    after = last.position;
  }
}

/** A history's text as a chunked source (a string source names a file). */
async function* chunksOf(file: string): AsyncGenerator<string> {
  yield await Promise.resolve(file);
}

async function exported(store: EventStore): Promise<string> {
  let file = "";
  for await (const line of exportHistory(store)) file += line;
  return file;
}

function projected<State>(projection: Projection<State>, events: readonly RecordedEvent[]): State {
  let state = projection.initialState();
  for (const event of events) state = projection.apply(state, event);
  return state;
}

/** A read model over the events: its state and its snapshot text. */
function built<State>(projection: E.Either<{ readonly message: string }, Projection<State>>, events: readonly RecordedEvent[]) {
  const model = right(projection);
  const state = projected(model, events);
  return { state, snapshot: model.codec?.encode(state) ?? "" };
}

/** Every read model over the events: its snapshot and its reports. */
function readModelTexts(events: readonly RecordedEvent[]) {
  const caseload = built(caseloadProjection(), events);
  const capacity = built(capacityProjection(), events);
  const demandReduction = built(demandReductionProjection(), events);
  const outcomes = built(outcomesProjection(), events);
  const unmetNeeds = built(unmetNeedsProjection(), events);
  const communityDemand = built(communityDemandProjection(), events);
  const referralSources = built(referralSourcesProjection(), events);
  const snapshots = [caseload, capacity, demandReduction, outcomes, unmetNeeds, communityDemand, referralSources].map(
    (model) => model.snapshot,
  );
  const reports = {
    capacity: right(capacityByMonth(capacity.state)),
    referralSources: right(referralSourceMix(referralSources.state)),
    unmetNeeds: right(unmetNeedsByMonth(unmetNeeds.state)),
    communityDemand: right(communityDemandByProvider(communityDemand.state)),
    demandReduction: right(demandReductionReport(demandReduction.state, { resamples: 50 })),
    outcomes: right(outcomesReport(outcomes.state, { resamples: 50 })),
  };
  return { snapshots, reports };
}

describe("erasure by crypto-shredding", () => {
  afterEach(() => vi.restoreAllMocks());

  it("leaves none of the erased person's sealed details anywhere, and every read model still builds", async () => {
    const logged: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    }
    await fc.assert(
      fc.asyncProperty(arbitraryHistory({ cases: { min: 2, max: 5 } }), fc.nat(), fc.nat(), async (history, pick, token) => {
        const personId = history.referredPersonIds[pick % history.referredPersonIds.length]!;
        const need = `x-secret-need-${token}`;
        const ref = `secret-ref-${token}`;
        const raw = memoryEventStore();
        const keyStore = memoryKeyStore();
        const store = sealingEventStore(raw, dataKeys(keyStore, { current: newKeyEncryptionKey("kek-1") }));
        const app = linkwork(store, { policy: history.policy, clock });
        const commands = personalised(history.commands, personId, need, ref);
        // The made-up need is a local code: registered first, as any local code must be.
        const registration = localCodeRegistrations(commands, "2020-01-01T00:00:00Z").filter((command) => command.code === need);
        for (const command of [...registration, ...commands]) right(await app.handle(command));

        // Before erasure: the details read through the sealing store, and were never stored in the clear.
        const before = await everything(store);
        expect(text(before)).toContain(need);
        // The free-text reference goes in with a conversation: when one was held, it was readable before erasure.
        const conversed = commands.some((command) => command.type === "HoldConversation" && command.whatMattersRef === ref);
        expect(text(before).includes(ref)).toBe(conversed);
        expect(text((await everything(raw)).filter((recorded) => !recorded.streamId.startsWith("codelist-")))).not.toContain(need);
        const reportsBefore = readModelTexts(before).reports;
        const theirEpisodes = new Set(
          before.flatMap(({ streamId, event }) =>
            event.type === "WellbeingAssessed" &&
            before.some((r) => r.streamId === streamId && r.event.type === "ReferralReceived" && r.event.data.personId === personId)
              ? [`${streamId}|${event.data.instrument}`]
              : [],
          ),
        );

        right(await store.erasePerson(personId));

        const after = await everything(store);
        const file = await exported(store);
        const { snapshots, reports } = readModelTexts(after);
        // The code itself stays in its code list (registered vocabulary names no one); what must go is
        // any record that this person had it.
        const aboutPeople = (events: readonly RecordedEvent[]) => events.filter((recorded) => !recorded.streamId.startsWith("codelist-"));
        const fileAboutPeople = file
          .split("\n")
          .filter((line) => !line.includes('"streamId":"codelist-'))
          .join("\n");
        for (const place of [
          text(aboutPeople(await everything(raw))),
          text(aboutPeople(after)),
          fileAboutPeople,
          ...snapshots,
          text(reports),
          ...logged,
        ]) {
          expect(place).not.toContain(need);
          expect(place).not.toContain(ref);
        }
        expect(logged.join("\n")).not.toContain(personId);
        expect(E.isLeft(await keyStore.keysOf(personId))).toBe(true);

        // Streams stay; counts by PCN and month are those from before; the person is left out and counted.
        expect(after.map((recorded) => [recorded.streamId, recorded.position])).toEqual(
          before.map((recorded) => [recorded.streamId, recorded.position]),
        );
        expect(reports.capacity).toEqual(reportsBefore.capacity);
        expect(reports.referralSources).toEqual(reportsBefore.referralSources);
        expect(reports.demandReduction.people.erased).toBe(1);
        expect(reports.demandReduction.people.referred).toBe(reportsBefore.demandReduction.people.referred - 1);
        expect(reports.outcomes.instruments.reduce((sum, instrument) => sum + instrument.erased, 0)).toBe(theirEpisodes.size);

        // The export round-trips, erased events and all.
        const copy = memoryEventStore();
        right(await importHistory(chunksOf(file), copy, { mode: "strict" }));
        expect(await exported(copy)).toBe(file);
        expect(file).toContain('"erased":true');
      }),
      { numRuns: 30 },
    );
  });
});
