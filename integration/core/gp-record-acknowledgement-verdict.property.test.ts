import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatHistoryLine, linkwork, openSchemePolicy, type LinkworkEvent, type RecordedEvent } from "@linkwork/core";
import { gpRecordEntryId, gpRecordEntryKind } from "@linkwork/core/gp-record";
import { HistoryChecker } from "@linkwork/core/store-kit";
import { exampleCommands, exportText, linesOf, storeWith, storedEvents } from "./history-example.js";

// One verdict on GP record acknowledgements: AcknowledgeGpRecordEntries and a GpRecordEntriesSent
// line naming the same entries are accepted or refused alike, by the handler and by the history
// checker, naming the same entry: an entry the case never caused, or one already acknowledged.

const caseId = "case_c0001";
const streamId = `case-${caseId}`;
const fakeIds = [`gpr_${"0".repeat(32)}`, `gpr_${"f".repeat(31)}e`];

const isCaseEvent = (recorded: RecordedEvent): boolean => recorded.streamId === streamId;

async function realEntryIds(): Promise<string[]> {
  const events = await storedEvents(await storeWith(exampleCommands));
  return events.filter(isCaseEvent).flatMap((recorded) => {
    const event = recorded.event;
    if (event.type === "GpRecordEntriesSent" || gpRecordEntryKind(event as Parameters<typeof gpRecordEntryKind>[0]) === null) return [];
    return [gpRecordEntryId(caseId, event.metadata.eventId)];
  });
}

let eventNumber = 0;
/** The line a refused acknowledgement would have written, for the checker. */
function refusedLine(entryIds: readonly string[], position: bigint, streamVersion: number, occurredAt: string): string {
  eventNumber += 1;
  const suffix = eventNumber.toString(16).padStart(12, "0");
  const event = {
    type: "GpRecordEntriesSent",
    schemaVersion: 1,
    data: { entryIds: [...entryIds] },
    metadata: {
      eventId: `0197ffff-0000-7000-8000-${suffix}`,
      occurredAt,
      recordedBy: "lw_ben1",
      correlationId: `3f2b8c1e-5d4a-4c7b-9e1f-${suffix}`,
      causationId: `3f2b8c1e-5d4a-4c7b-9e1f-${suffix}`,
    },
  } as LinkworkEvent;
  return formatHistoryLine({ position, streamId, streamVersion, event }, position).trimEnd();
}

/** The index of the entry a refusal names: the handler's `entryIds[i]`, the checker's `data.entryIds[i]`. */
const entryIndex = (text: string): number => Number(/entryIds\[(\d+)\]/.exec(text)?.[1] ?? -1);

describe("GP record acknowledgements: handler and history checker", () => {
  it("give the same verdict, naming the same entry, on any run of acknowledgements", async () => {
    const real = await realEntryIds();
    expect(real.length).toBeGreaterThanOrEqual(5);
    const pool = [...real, ...fakeIds];
    const attempt = fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(attempt, { minLength: 1, maxLength: 8 }), async (attempts) => {
        const store = await storeWith(exampleCommands);
        const app = linkwork(store, { policy: openSchemePolicy });
        const checker = new HistoryChecker();
        const lines = linesOf(await exportText(store));
        for (const line of lines) expect(checker.check(line).ok).toBe(true);
        let position = BigInt(lines.length);
        let version = (await storedEvents(store)).filter(isCaseEvent).length;
        for (const [index, entryIds] of attempts.entries()) {
          const occurredAt = `2025-07-${String(index + 1).padStart(2, "0")}T09:00:00Z`;
          const commandId = `00000000-0000-4000-8000-${(index + 1).toString(16).padStart(12, "0")}`;
          const handled = await app.handle({
            type: "AcknowledgeGpRecordEntries",
            caseId,
            commandId,
            occurredAt,
            recordedBy: "lw_ben1",
            entryIds,
          });
          if (E.isRight(handled)) {
            const [event] = handled.right.events;
            if (event === undefined) throw new Error("an accepted acknowledgement wrote nothing");
            position += 1n;
            version += 1;
            const checked = checker.check(formatHistoryLine({ position, streamId, streamVersion: version, event }, position).trimEnd());
            expect(checked.ok).toBe(true);
            continue;
          }
          const error = handled.left;
          // On a copy, so the refused line leaves no hole in the stream the next attempts follow.
          const copy = HistoryChecker.restore(checker.snapshot());
          if (E.isLeft(copy)) throw new Error(copy.left);
          const checked = copy.right.check(refusedLine(entryIds, position + 1n, version + 1, occurredAt));
          if (checked.ok) throw new Error(`the checker passed what the handler refused: ${error.message}`);
          expect(checked.problem.code).toBe(error.code === "UNKNOWN_REFERENCE" ? "UNKNOWN_REFERENCE" : "INVALID_TRANSITION");
          expect(checked.problem.path).toMatch(/^data\.entryIds\[\d+\]$/);
          expect(entryIndex(checked.problem.path)).toBe(entryIndex(JSON.stringify(error)));
        }
      }),
      { numRuns: 40 },
    );
  });
});
