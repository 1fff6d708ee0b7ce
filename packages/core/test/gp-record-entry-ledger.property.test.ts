import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CaseEvent } from "@linkwork/core";
import { gpRecordEntryId } from "@linkwork/core/gp-record";
import { GpRecordEntryLedger } from "../src/history/gp-record-entry-ledger.js";

// The checker's GP record entry ledger (packed ids in one typed arena, cases dropped once ended with
// every entry acknowledged) against a plain reference that keeps every case's entry ids as text for
// ever: the same verdict on every acknowledgement, across snapshot round trips, and it holds only the
// cases with an entry left to acknowledge, reusing dropped cases' room.

const metadata = (eventId: string) => ({
  eventId,
  occurredAt: "2025-04-01T09:00:00Z",
  recordedBy: "lw_ana1",
  correlationId: "3f2b8c1e-5d4a-4c7b-9e1f-000000000001",
  causationId: "3f2b8c1e-5d4a-4c7b-9e1f-000000000001",
});
const entryEvent = (eventId: string): CaseEvent => ({
  type: "ReferralAccepted",
  schemaVersion: 1,
  data: { linkWorkerId: "lw_ana1" },
  metadata: metadata(eventId),
});
const closing = (eventId: string): CaseEvent => ({
  type: "CaseClosed",
  schemaVersion: 1,
  data: { reason: "goals_met" },
  metadata: metadata(eventId),
});
const rejecting = (eventId: string): CaseEvent => ({
  type: "ReferralRejected",
  schemaVersion: 1,
  data: { reason: "outside_area" },
  metadata: metadata(eventId),
});
const noEntry = (eventId: string): CaseEvent => ({
  type: "ContactAttempted",
  schemaVersion: 1,
  data: { channel: "phone", reached: true },
  metadata: metadata(eventId),
});
const acknowledgement = (entryIds: readonly string[]): Extract<CaseEvent, { type: "GpRecordEntriesSent" }> => ({
  type: "GpRecordEntriesSent",
  schemaVersion: 1,
  data: { entryIds: [...entryIds] },
  metadata: metadata("0197ffff-0000-7000-8000-000000000000"),
});

/** The reference: every case's causing event ids and acknowledged entry ids, as text, never dropped. */
interface ReferenceCase {
  readonly events: string[];
  /** gpRecordEntryId of the case and each event, worked out as each came. */
  readonly entries: string[];
  readonly acknowledged: Set<string>;
  ended: boolean;
  /** An acknowledgement of the case was checked (the ledger then holds entry ids). */
  acknowledgedOnce: boolean;
}

const byStreamId = (one: unknown, other: unknown): number => String((one as unknown[])[0]).localeCompare(String((other as unknown[])[0]));

function referenceVerdict(entry: ReferenceCase | undefined, entryIds: readonly string[], ended: boolean): string {
  const entries = entry?.entries ?? [];
  if (ended && entries.every((id) => entry?.acknowledged.has(id) === true)) return "INVALID_TRANSITION data.entryIds[0]";
  for (const [index, id] of entryIds.entries()) {
    if (!entries.includes(id)) return `UNKNOWN_REFERENCE data.entryIds[${index}]`;
    if (entry?.acknowledged.has(id) === true) return `INVALID_TRANSITION data.entryIds[${index}]`;
  }
  return "ok";
}

type Step =
  | { readonly kind: "entry"; readonly caseIndex: number; readonly upper: boolean }
  | { readonly kind: "other"; readonly caseIndex: number }
  | { readonly kind: "end"; readonly caseIndex: number; readonly withEntry: boolean }
  | { readonly kind: "acknowledge"; readonly caseIndex: number; readonly picks: readonly number[]; readonly fake: boolean }
  | { readonly kind: "drain"; readonly caseIndex: number }
  | { readonly kind: "restart" };

const cases = 3;
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("entry" as const), caseIndex: fc.nat(cases - 1), upper: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("other" as const), caseIndex: fc.nat(cases - 1) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("end" as const), caseIndex: fc.nat(cases - 1), withEntry: fc.boolean() }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant("acknowledge" as const),
      caseIndex: fc.nat(cases - 1),
      picks: fc.array(fc.nat(1000), { minLength: 1, maxLength: 4 }),
      fake: fc.integer({ min: 0, max: 4 }).map((draw) => draw === 0),
    }),
    weight: 6,
  },
  // As an outbox drain does: every entry the case has not had acknowledged.
  { arbitrary: fc.record({ kind: fc.constant("drain" as const), caseIndex: fc.nat(cases - 1) }), weight: 3 },
  { arbitrary: fc.constant({ kind: "restart" as const }), weight: 1 },
);

describe("GP record entry ledger", () => {
  it("gives the reference's verdict on every acknowledgement and holds only cases with an entry left to acknowledge", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 100, size: "max" }), fc.integer({ min: 1, max: 8 }), (steps, initialNodes) => {
        let ledger = new GpRecordEntryLedger(initialNodes);
        const reference = new Map<string, ReferenceCase>();
        const generations: number[] = [];
        let eventNumber = 0;
        const nextEventId = (upper: boolean) => {
          const id = `0195f000-0000-7000-8000-${(++eventNumber).toString(16).padStart(12, "a")}`;
          return upper ? id.toUpperCase() : id;
        };
        for (const current of steps) {
          if (current.kind === "restart") {
            const restored = new GpRecordEntryLedger(initialNodes);
            expect(restored.decode(JSON.parse(JSON.stringify(ledger.encode())) as unknown[])).toBeNull();
            ledger = restored;
            continue;
          }
          // A slot's case takes acknowledgements after it ended, until another event starts a new case in the slot.
          const slotCase = (index: number) => `case_c${index}g${generations[index] ?? 0}`;
          let caseId = slotCase(current.caseIndex);
          if (current.kind !== "acknowledge" && current.kind !== "drain" && reference.get(`case-${caseId}`)?.ended === true) {
            generations[current.caseIndex] = (generations[current.caseIndex] ?? 0) + 1;
            caseId = slotCase(current.caseIndex);
          }
          const streamId = `case-${caseId}`;
          const entry = reference.get(streamId) ?? {
            events: [],
            entries: [],
            acknowledged: new Set<string>(),
            ended: false,
            acknowledgedOnce: false,
          };
          reference.set(streamId, entry);
          if (current.kind === "acknowledge" || current.kind === "drain") {
            const entries = entry.entries;
            // Mostly the case's own entries (acknowledged or not); one past them, an id it never caused.
            const named =
              current.kind === "drain"
                ? entries.filter((id) => !entry.acknowledged.has(id))
                : current.picks.map((pick) => entries[pick % (entries.length + 1)] ?? `gpr_${pick.toString(16).padStart(32, "0")}`);
            if (named.length === 0) continue;
            const entryIds = [...new Set(current.kind === "acknowledge" && current.fake ? [...named, `gpr_${"e".repeat(32)}`] : named)];
            const expected = referenceVerdict(entry, entryIds, entry.ended);
            // The checker asks with the event's own list, then follows that event (the ledger reuses what it found).
            const event = acknowledgement(entryIds);
            const refusal = ledger.refusal(streamId, event.data.entryIds, entry.ended);
            if (entry.entries.length > 0 && !(entry.ended && entry.entries.every((id) => entry.acknowledged.has(id))))
              entry.acknowledgedOnce = true;
            expect(refusal === null ? "ok" : `${refusal.code} ${refusal.path}`).toBe(expected);
            if (refusal === null) {
              for (const id of entryIds) entry.acknowledged.add(id);
              ledger.follow(streamId, event, entry.ended);
            }
          } else {
            const eventId = nextEventId(current.kind === "entry" && current.upper);
            const event =
              current.kind === "entry"
                ? entryEvent(eventId)
                : current.kind === "other"
                  ? noEntry(eventId)
                  : current.withEntry
                    ? closing(eventId)
                    : rejecting(eventId);
            if (current.kind === "entry" || (current.kind === "end" && current.withEntry)) {
              entry.events.push(eventId);
              entry.entries.push(gpRecordEntryId(caseId, eventId));
            }
            if (current.kind === "end") entry.ended = true;
            ledger.follow(streamId, event, entry.ended);
          }
          // What the ledger holds, as its snapshot says: exactly the reference's cases with an entry left, same
          // entries (as causing event ids before the case's first acknowledgement, entry ids after), same marks.
          const expected: unknown[] = [];
          for (const [id, value] of reference) {
            const acknowledged = value.entries.flatMap((entryId, index) => (value.acknowledged.has(entryId) ? [index] : []));
            if (value.entries.length === 0 || (value.ended && acknowledged.length === value.entries.length)) continue;
            const hashed = value.acknowledgedOnce;
            expected.push([id, hashed, hashed ? value.entries : value.events, acknowledged]);
          }
          const held = JSON.stringify(ledger.encode().sort(byStreamId));
          if (held !== JSON.stringify(expected.sort(byStreamId))) expect(held).toBe(JSON.stringify(expected));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("reuses a dropped case's room: cases that end acknowledged one after another keep the arena at one case's size", () => {
    const ledger = new GpRecordEntryLedger(1);
    for (let round = 0; round < 50; round++) {
      const caseId = `case_r${round}`;
      const eventIds = [1, 2, 3].map((n) => `0195f000-0000-7000-8000-${(round * 10 + n).toString(16).padStart(12, "0")}`);
      ledger.follow(`case-${caseId}`, entryEvent(eventIds[0]!), false);
      ledger.follow(`case-${caseId}`, entryEvent(eventIds[1]!), false);
      ledger.follow(`case-${caseId}`, closing(eventIds[2]!), true);
      ledger.follow(`case-${caseId}`, acknowledgement(eventIds.map((eventId) => gpRecordEntryId(caseId, eventId))), true);
    }
    expect(ledger.size).toBe(0);
    expect(ledger.arenaNodes).toBe(3);
  });

  it("refuses a snapshot entry that is not one, naming it", () => {
    const entryId = `gpr_${"a".repeat(32)}`;
    const wrong: unknown[][] = [
      [["case-c1", true, [entryId], [0]], "not-a-case"],
      [["person-p1", false, ["0195f000-0000-7000-8000-000000000001"], []]],
      [["case-c1", false, ["0195f000-0000-7000-8000-000000000001"], [0]]],
      [["case-c1", true, ["gpr_short"], []]],
      [["case-c1", true, [entryId, entryId], []]],
      [["case-c1", true, [entryId], [1]]],
      [["case-c1", true, [], []]],
    ];
    for (const cases of wrong) expect(new GpRecordEntryLedger().decode(cases)).toMatch(/^gpRecordEntries\[\d+\]/);
  });
});
