import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork } from "@linkwork/core";
import { dataKeys, newKeyEncryptionKey, sealingEventStore } from "@linkwork/core/personal-data";
import { arbitraryHistory } from "@linkwork/core/testing";
import { readAllSource } from "@linkwork/projections";
import { memoryEventStore, memoryKeyStore } from "@linkwork/store-memory";
import { buildReports } from "../src/index.js";

// The outcomes report's note on erased episodes gives a count of people's episodes: shared, it is
// written by the small-number rule like every other count in a summary or note.

describe("the outcomes report's note on erased episodes", () => {
  it("gives the exact count in the operational view and a suppressed one (1 to 7) when shared", async () => {
    // Written through the sealing store, read from the raw store without keys: every person reads as erased.
    const history = fc.sample(arbitraryHistory({ cases: { min: 3, max: 3 } }), { numRuns: 1, seed: 4 })[0]!;
    const raw = memoryEventStore();
    const app = linkwork(sealingEventStore(raw, dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") })), {
      policy: history.policy,
      clock: () => Date.parse("2031-01-01T00:00:00Z"),
    });
    for (const command of history.commands) expect(E.isRight(await app.handle(command))).toBe(true);
    // By hand: an episode is a case's first assessment with an instrument.
    const episodes = new Set(
      history.commands.flatMap((command) => (command.type === "AssessWellbeing" ? [`${command.caseId} ${command.instrument}`] : [])),
    ).size;
    expect(episodes).toBeGreaterThanOrEqual(1);
    expect(episodes).toBeLessThanOrEqual(7);

    const built = await buildReports(readAllSource(raw), { reports: ["outcomes"], settings: {} });
    if (E.isLeft(built)) throw new Error(built.left.message);
    const outcomes = built.right.reports[0]!;
    const erasedNote = (notes: readonly string[]) => notes.filter((note) => note.includes("left out of every figure"));
    expect(erasedNote(outcomes.view.notes)).toHaveLength(1);
    expect(erasedNote(outcomes.view.notes)[0]).toMatch(new RegExp(`^${episodes} episodes? (is|are) left out`));
    expect(erasedNote(outcomes.sharedView.notes)).toHaveLength(1);
    expect(erasedNote(outcomes.sharedView.notes)[0]).toMatch(/^\* episodes? (is|are) left out/);
  });
});
