import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatHistoryLine, linkwork, openSchemePolicy, type LinkworkEvent, type RecordedEvent } from "@linkwork/core";
import { HistoryChecker } from "@linkwork/core/store-kit";
import { memoryEventStore } from "@linkwork/store-memory";

// One verdict on the dates inside event data: for every command with a date field, the handler's
// verdict on the command and the history checker's on the event it writes, re-dated, are the same:
// refused (VALIDATION_FAILED / INVALID_EVENT) naming the same field, or accepted. Bounds: no date
// before 1948-07-05 (the NHS began), and a follow-up due from the day it is scheduled to 365 days after.

const now = Date.parse("2026-12-05T12:00:00Z");
const clock = () => now;
const at = "2025-01-06T09:00:00Z";
const good = "2025-01-20";

let counter = 0;
function command(type: string, fields: Record<string, unknown>): Record<string, unknown> {
  counter += 1;
  const commandId = `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
  return { type, commandId, occurredAt: at, recordedBy: "admin-1", ...fields };
}

interface Scenario {
  readonly name: string;
  readonly prefix: () => Record<string, unknown>[];
  readonly target: (date: string) => Record<string, unknown>;
  /** The date fields the target's event carries, all set to the date tried. */
  readonly fields: readonly string[];
}

const caseId = "case_d1";
const scenarios: readonly Scenario[] = [
  {
    name: "ScheduleFollowUp dueOn",
    prefix: () => [
      command("ReceiveReferral", {
        caseId,
        personId: "person_d1",
        pcnId: "U00001",
        practiceId: "P00001",
        source: "gp",
        reasons: ["loneliness"],
        consent: { contact: true, shareOutcomeWithReferrer: false },
      }),
      command("AcceptReferral", { caseId, linkWorkerId: "lw_ann1" }),
      command("HoldConversation", { caseId, mode: "face_to_face", minutes: 30, needs: [], strengths: [] }),
    ],
    target: (date) => command("ScheduleFollowUp", { caseId, followUpId: "fu-1", dueOn: date }),
    fields: ["dueOn"],
  },
  {
    name: "RecordHealthcareUsage period",
    prefix: () => [],
    target: (date) =>
      command("RecordHealthcareUsage", { personId: "person_d2", setting: "gp_appointment", periodStart: date, periodEnd: date, count: 2 }),
    fields: ["periodStart", "periodEnd"],
  },
  {
    name: "EnrolInComparisonCohort indexDate",
    prefix: () => [],
    target: (date) => command("EnrolInComparisonCohort", { personId: "person_d3", pcnId: "U00001", indexDate: date }),
    fields: ["indexDate"],
  },
  {
    name: "RecordSocialPrescribingStart startDate",
    prefix: () => [],
    target: (date) => command("RecordSocialPrescribingStart", { pcnId: "U00001", startDate: date }),
    fields: ["startDate"],
  },
  {
    name: "AwardFunding period",
    prefix: () => [
      command("RegisterProvider", {
        providerId: "prov_d1",
        directory: "local",
        name: "Garden club",
        supportCategories: ["advice_information"],
        route: "direct_referral",
      }),
    ],
    target: (date) =>
      command("AwardFunding", {
        providerId: "prov_d1",
        fundingId: "award-1",
        kind: "grant",
        amountPence: 1000,
        periodStart: date,
        periodEnd: date,
        needs: ["mental_wellbeing"],
      }),
    fields: ["periodStart", "periodEnd"],
  },
];

interface Verdict {
  readonly accepted: boolean;
  readonly code: string;
  readonly path: string;
}

async function handled(commands: readonly Record<string, unknown>[]) {
  const store = memoryEventStore();
  const app = linkwork(store, { policy: openSchemePolicy, clock });
  const answers = [];
  for (const input of commands) answers.push(await app.handle(input));
  return { store, answers };
}

async function handlerVerdict(scenario: Scenario, date: string): Promise<Verdict> {
  const { answers } = await handled([...scenario.prefix(), scenario.target(date)]);
  for (const answer of answers.slice(0, -1)) if (E.isLeft(answer)) throw new Error(`prefix refused: ${answer.left.message}`);
  const last = answers.at(-1)!;
  if (E.isRight(last)) return { accepted: true, code: "", path: "" };
  const issues = "issues" in last.left ? last.left.issues : [];
  return { accepted: false, code: last.left.code, path: issues[0]?.path ?? "" };
}

/** The history the handler writes with an accepted date, the target's event then re-dated, as lines. */
async function checkerVerdict(scenario: Scenario, date: string): Promise<Verdict> {
  const { store, answers } = await handled([...scenario.prefix(), scenario.target(good)]);
  for (const answer of answers) if (E.isLeft(answer)) throw new Error(`template refused: ${answer.left.message}`);
  const page = await store.readAll({});
  if (E.isLeft(page)) throw new Error(page.left.message);
  const events: RecordedEvent[] = page.right.events.slice();
  const last = events.at(-1)!;
  const data: Record<string, unknown> = { ...last.event.data };
  for (const field of scenario.fields) data[field] = date;
  events[events.length - 1] = { ...last, event: { ...last.event, data } as LinkworkEvent };
  const checker = new HistoryChecker({ clock });
  for (const [index, recorded] of events.entries()) {
    const checked = checker.check(formatHistoryLine(recorded, BigInt(index + 1)).trimEnd());
    if (!checked.ok) {
      if (index < events.length - 1) throw new Error(`template line ${index + 1} refused: ${checked.problem.message}`);
      return { accepted: false, code: checked.problem.code, path: checked.problem.path };
    }
  }
  return { accepted: true, code: "", path: "" };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;
const near = (centre: string, days: number) =>
  fc.integer({ min: -days, max: days }).map((offset) => day(Date.parse(`${centre}T00:00:00Z`) + offset * DAY));

describe("dates inside event data: handler and history checker", () => {
  it("refuse a date before the NHS began naming the field, and accept its first day", async () => {
    for (const scenario of scenarios.filter((candidate) => candidate.name !== "ScheduleFollowUp dueOn")) {
      const field = scenario.fields[0]!;
      expect(await handlerVerdict(scenario, "0001-01-01")).toEqual({ accepted: false, code: "VALIDATION_FAILED", path: field });
      expect(await checkerVerdict(scenario, "0001-01-01")).toEqual({ accepted: false, code: "INVALID_EVENT", path: `data.${field}` });
      expect(await handlerVerdict(scenario, "1948-07-04")).toMatchObject({ accepted: false, path: field });
      expect((await handlerVerdict(scenario, "1948-07-05")).accepted).toBe(true);
      expect((await checkerVerdict(scenario, "1948-07-05")).accepted).toBe(true);
    }
  });

  it("hold a follow-up's dueOn to the day it is scheduled up to 365 days after", async () => {
    const [followUp] = scenarios;
    for (const [dueOn, accepted] of [
      ["2025-01-05", false],
      ["2025-01-06", true],
      ["2026-01-06", true],
      ["2026-01-07", false],
      ["9999-12-31", false],
    ] as const) {
      const handler = await handlerVerdict(followUp!, dueOn);
      const checker = await checkerVerdict(followUp!, dueOn);
      expect(handler.accepted).toBe(accepted);
      expect(checker.accepted).toBe(accepted);
      if (!accepted) {
        expect(handler).toMatchObject({ code: "VALIDATION_FAILED", path: "dueOn" });
        expect(checker).toMatchObject({ code: "INVALID_EVENT", path: "data.dueOn" });
      }
    }
  });

  it("agree on every date field for any date from year 1 to 9999, dense around the bounds", async () => {
    const anyDay = fc.integer({ min: Date.parse("0001-01-01T00:00:00Z"), max: Date.parse("9999-12-31T00:00:00Z") }).map(day);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...scenarios),
        fc.oneof(anyDay, near("1948-07-05", 20), near(at.slice(0, 10), 400)),
        async (scenario, date) => {
          const handler = await handlerVerdict(scenario, date);
          const checker = await checkerVerdict(scenario, date);
          expect(checker.accepted).toBe(handler.accepted);
          if (!handler.accepted) {
            expect(handler.code).toBe("VALIDATION_FAILED");
            expect(checker).toEqual({ accepted: false, code: "INVALID_EVENT", path: `data.${handler.path}` });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
