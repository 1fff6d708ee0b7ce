import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatHistoryLine, linkwork, openSchemePolicy, type LinkworkEvent } from "@linkwork/core";
import { HistoryChecker } from "@linkwork/core/store-kit";
import { memoryEventStore } from "@linkwork/store-memory";

// One verdict on dates: a command's occurredAt and the same event's occurredAt in a history file are
// refused alike, by the handler (which has a clock) and by the history checker (given the same clock):
// after the clock plus the handler's allowance, or before the NHS began (1948-07-05).

const now = Date.parse("2026-12-05T12:00:00Z");
const clock = () => now;

const composition = (occurredAt: string) => ({
  type: "RecordPracticeListComposition",
  commandId: "00000000-0000-4000-8000-000000000001",
  occurredAt,
  recordedBy: "admin-1",
  pcnId: "U00001",
  practiceId: "P00001",
  registeredPatients: 1000,
  byAgeBand: {},
  bySex: {},
  byEthnicGroup: {},
  byDeprivationDecile: {},
});

async function handlerVerdict(occurredAt: string): Promise<{ readonly accepted: boolean; readonly code: string }> {
  const handled = await linkwork(memoryEventStore(), { policy: openSchemePolicy, clock }).handle(composition(occurredAt));
  return E.isRight(handled) ? { accepted: true, code: "" } : { accepted: false, code: handled.left.code };
}

// The event the handler writes for the command at an accepted date, to re-date for the checker.
async function template(): Promise<{ readonly streamId: string; readonly event: LinkworkEvent }> {
  const handled = await linkwork(memoryEventStore(), { policy: openSchemePolicy, clock }).handle(composition("2025-01-04T00:00:00Z"));
  if (E.isLeft(handled) || handled.right.events.length !== 1) throw new Error("the template command was refused");
  return { streamId: handled.right.streamId, event: handled.right.events[0] as LinkworkEvent };
}

function checkerVerdict(streamId: string, event: LinkworkEvent, occurredAt: string) {
  const dated = { ...event, metadata: { ...event.metadata, occurredAt } };
  const line = formatHistoryLine({ position: 1n, streamId, streamVersion: 1, event: dated }, 1n).trimEnd();
  const checked = new HistoryChecker({ clock }).check(line);
  return checked.ok ? { accepted: true, code: "", path: "" } : { accepted: false, code: checked.problem.code, path: checked.problem.path };
}

const instant = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const skew = 5 * 60_000;
const earliest = Date.parse("1948-07-05T00:00:00Z");

describe("occurredAt: handler and history checker", () => {
  it("refuse 9999-12-31 as in the future and 0001-01-01 as before the NHS, naming the field", async () => {
    const { streamId, event } = await template();
    expect(await handlerVerdict("9999-12-31T00:00:00Z")).toEqual({ accepted: false, code: "OCCURRED_IN_FUTURE" });
    expect(checkerVerdict(streamId, event, "9999-12-31T00:00:00Z")).toEqual({
      accepted: false,
      code: "OCCURRED_IN_FUTURE",
      path: "metadata.occurredAt",
    });
    expect(await handlerVerdict("0001-01-01T00:00:00Z")).toEqual({ accepted: false, code: "VALIDATION_FAILED" });
    expect(checkerVerdict(streamId, event, "0001-01-01T00:00:00Z")).toEqual({
      accepted: false,
      code: "INVALID_EVENT",
      path: "metadata.occurredAt",
    });
  });

  it("accept the first day of the NHS and the last instant of the allowance", async () => {
    const { streamId, event } = await template();
    for (const at of ["1948-07-05T00:00:00Z", instant(now + skew)]) {
      expect((await handlerVerdict(at)).accepted).toBe(true);
      expect(checkerVerdict(streamId, event, at).accepted).toBe(true);
    }
    expect(checkerVerdict(streamId, event, instant(now + skew + 1000)).code).toBe("OCCURRED_IN_FUTURE");
    expect(checkerVerdict(streamId, event, "1948-07-04T23:59:59.999Z").code).toBe("INVALID_EVENT");
  });

  it("agree on any date from year 1 to 9999, dense around both bounds", async () => {
    const { streamId, event } = await template();
    const near = (centre: number) => fc.integer({ min: centre - 3 * skew, max: centre + 3 * skew });
    const anyDate = fc.integer({ min: Date.parse("0001-01-01T00:00:00Z"), max: Date.parse("9999-12-31T23:59:59Z") });
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyDate, near(now + skew), near(earliest)), fc.boolean(), async (ms, fraction) => {
        const at = fraction ? new Date(ms).toISOString() : instant(ms);
        const handler = await handlerVerdict(at);
        const checker = checkerVerdict(streamId, event, at);
        expect(checker.accepted).toBe(handler.accepted);
        if (!handler.accepted) expect(checker.code).toBe(handler.code === "VALIDATION_FAILED" ? "INVALID_EVENT" : handler.code);
      }),
      { numRuns: 300 },
    );
  });
});
