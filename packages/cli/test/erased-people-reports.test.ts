import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork } from "@linkwork/core";
import { dataKeys, newKeyEncryptionKey, sealingEventStore } from "@linkwork/core/personal-data";
import { arbitraryHistory } from "@linkwork/core/testing";
import { readAllSource } from "@linkwork/projections";
import { memoryEventStore, memoryKeyStore } from "@linkwork/store-memory";
import { buildReports } from "../src/index.js";

describe("unmet-needs and community-demand reports over erased people", () => {
  it("say in a note how many unmet needs and connections of erased people are in no row", async () => {
    // Written through the sealing store, read from the raw store without keys: every person reads as erased.
    const history = fc.sample(arbitraryHistory({ cases: { min: 8, max: 8 } }), { numRuns: 1, seed: 4 })[0]!;
    const raw = memoryEventStore();
    const app = linkwork(sealingEventStore(raw, dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") })), {
      policy: history.policy,
      clock: () => Date.parse("2031-01-01T00:00:00Z"),
    });
    for (const command of history.commands) expect(E.isRight(await app.handle(command))).toBe(true);
    const connections = history.commands.filter((command) => command.type === "MakeConnection").length;
    const personOfCase = new Map(
      history.commands.flatMap((command) => (command.type === "ReceiveReferral" ? [[command.caseId, command.personId]] : [])),
    );
    const connected = new Set(
      history.commands.flatMap((command) => (command.type === "MakeConnection" ? [personOfCase.get(command.caseId)] : [])),
    );
    const unmet = history.commands.filter((command) => command.type === "RecordUnmetNeed").length;
    expect(connections).toBeGreaterThan(0);
    expect(unmet).toBeGreaterThan(0);
    // People and connections differ here, so the note could not pass counting one as the other.
    expect(connected.size).toBeLessThan(connections);

    const built = await buildReports(readAllSource(raw), { reports: ["unmet-needs", "community-demand"], settings: {} });
    if (E.isLeft(built)) throw new Error(built.left.message);
    const [unmetNeeds, demand] = built.right.reports;
    expect(unmetNeeds!.view.notes).toContain(
      `${String(unmet)} unmet needs of people erased (crypto-shredding) name no need or reason: they are in no row above.`,
    );
    expect(demand!.view.notes).toContain(
      `${String(connections)} connections of ${String(connected.size)} people erased (crypto-shredding) name no provider or activity: they are in no row above, and those people in no row's people.`,
    );
  });
});
