import { describe, expect, it } from "vitest";
import { formatHistoryLine, type LinkworkEvent } from "@linkwork/core";
import { HistoryChecker } from "@linkwork/core/store-kit";

// A history file is held to the provider rules as the deciders hold commands: a provider stream
// starts with its listing, names its provider and never repeats a funding id; a provider's updates
// on a connection follow their order. Each history below is checked line by line by the one checker.

const orukId = "ac148810-d857-441c-9679-408f346de14b";
let eventNumber = 0;
const metadata = (day: number) => {
  eventNumber += 1;
  const suffix = eventNumber.toString(16).padStart(12, "0");
  return {
    eventId: `0195f000-0000-7000-8000-${suffix}`,
    occurredAt: `2025-04-${String(day).padStart(2, "0")}T09:00:00Z`,
    recordedBy: "admin-1",
    correlationId: `3f2b8c1e-5d4a-4c7b-9e1f-${suffix}`,
    causationId: `3f2b8c1e-5d4a-4c7b-9e1f-${suffix}`,
  };
};

const registered = (providerId = orukId, directory: "open_referral_uk" | "local" = "open_referral_uk"): LinkworkEvent => ({
  type: "ProviderRegistered",
  schemaVersion: 1,
  data: { providerId, directory, name: "Riverside Walking Group", supportCategories: ["physical_activity"], route: "direct_referral" },
  metadata: metadata(1),
});
const funded = (fundingId: string, day = 2, periodEnd = "2026-03-31"): LinkworkEvent => ({
  type: "FundingAwarded",
  schemaVersion: 1,
  data: { providerId: orukId, fundingId, kind: "grant", amountPence: 500_000, periodStart: "2025-04-01", periodEnd, needs: ["loneliness"] },
  metadata: metadata(day),
});
const capacity = (providerId = orukId): LinkworkEvent => ({
  type: "ProviderCapacityDeclared",
  schemaVersion: 1,
  data: { providerId, monthlyPlaces: 10, waitingList: 0 },
  metadata: metadata(3),
});

/** Each event's verdict, as `ok` or `<code> <path>`, checked in order with stream versions counted per stream. */
function verdicts(events: readonly (readonly [streamId: string, event: LinkworkEvent])[]): string[] {
  const checker = new HistoryChecker();
  const versions = new Map<string, number>();
  return events.map(([streamId, event], index) => {
    const streamVersion = (versions.get(streamId) ?? 0) + 1;
    const text = formatHistoryLine({ position: BigInt(index + 1), streamId, streamVersion, event }, BigInt(index + 1)).trimEnd();
    const checked = checker.check(text);
    if (checked.ok) versions.set(streamId, streamVersion);
    return checked.ok ? "ok" : `${checked.problem.code} ${checked.problem.path}`;
  });
}

const provider = `provider-${orukId}`;

describe("a provider's stream in a history file", () => {
  it("is listed first, then takes capacity and funding", () => {
    expect(
      verdicts([
        [provider, registered()],
        [provider, funded("g1")],
        [provider, capacity()],
        [provider, funded("g2", 4)],
      ]),
    ).toEqual(["ok", "ok", "ok", "ok"]);
  });

  it("refuses capacity or funding before the listing, and a second listing", () => {
    expect(verdicts([[provider, capacity()]])).toEqual(["INVALID_TRANSITION type"]);
    expect(verdicts([[provider, funded("g1")]])).toEqual(["INVALID_TRANSITION type"]);
    expect(
      verdicts([
        [provider, registered()],
        [provider, registered()],
      ]),
    ).toEqual(["ok", "INVALID_TRANSITION type"]);
  });

  it("refuses a provider id that is not its stream's, or does not fit its directory", () => {
    expect(
      verdicts([
        [provider, registered()],
        [provider, capacity("prov_other1")],
      ]),
    ).toEqual(["ok", "ID_MISMATCH data.providerId"]);
    expect(verdicts([["provider-prov_walk1", registered("prov_walk1", "open_referral_uk")]])).toEqual(["INVALID_EVENT data.providerId"]);
    expect(verdicts([["provider-prov_walk1", registered("prov_walk1", "local")]])).toEqual(["ok"]);
  });

  it("refuses a funding id used before, and a period ending before it starts", () => {
    expect(
      verdicts([
        [provider, registered()],
        [provider, funded("g1")],
        [provider, funded("g1", 3)],
      ]),
    ).toEqual(["ok", "ok", "INVALID_EVENT data.fundingId"]);
    expect(
      verdicts([
        [provider, registered()],
        [provider, funded("g1", 2, "2025-03-31")],
      ]),
    ).toEqual(["ok", "INVALID_EVENT data.periodEnd"]);
    // The same ten-year limit as AwardFunding, so validate and replay give the handler's verdict.
    expect(
      verdicts([
        [provider, registered()],
        [provider, funded("g1", 2, "9999-12-31")],
      ]),
    ).toEqual(["ok", "INVALID_EVENT data.periodEnd"]);
    expect(
      verdicts([
        [provider, registered()],
        [provider, funded("g1", 2, "2035-03-31")],
      ]),
    ).toEqual(["ok", "ok"]);
  });

  it("refuses a listing's support category or a grant's need that no earlier line registered, as the handler does", () => {
    const local = (list: "need" | "support", code: string): LinkworkEvent => ({
      type: "LocalCodeRegistered",
      schemaVersion: 1,
      data: { list, code, label: "Local code" },
      metadata: metadata(1),
    });
    const listing = (code: string): LinkworkEvent => {
      const event = registered();
      return { ...event, data: { ...event.data, supportCategories: ["physical_activity", code] } } as LinkworkEvent;
    };
    const grant = (code: string): LinkworkEvent => {
      const event = funded("g1");
      return { ...event, data: { ...event.data, needs: [code] } } as LinkworkEvent;
    };
    expect(verdicts([[provider, listing("x-hiv-positive-partner-is-violent")]])).toEqual(["UNKNOWN_REFERENCE data.supportCategories[1]"]);
    expect(
      verdicts([
        [provider, registered()],
        [provider, grant("x-lives-alone-at-12-high-st")],
      ]),
    ).toEqual(["ok", "UNKNOWN_REFERENCE data.needs[0]"]);
    // Registered in the other list it does not count; registered in its own list on an earlier line, it is taken.
    expect(
      verdicts([
        ["codelist-need", local("need", "x-walking-club")],
        [provider, listing("x-walking-club")],
      ]),
    ).toEqual(["ok", "UNKNOWN_REFERENCE data.supportCategories[1]"]);
    expect(
      verdicts([
        ["codelist-need", local("need", "x-walking-club")],
        ["codelist-support", local("support", "x-walking-club")],
        [provider, listing("x-walking-club")],
        [provider, grant("x-walking-club")],
      ]),
    ).toEqual(["ok", "ok", "ok", "ok"]);
  });

  it("refuses a provider event in another category's stream, and a case event in a provider's", () => {
    const accepted: LinkworkEvent = {
      type: "ReferralAccepted",
      schemaVersion: 1,
      data: { linkWorkerId: "lw_ana1" },
      metadata: metadata(4),
    };
    expect(verdicts([["pcn-U00009", registered()]])).toEqual(["WRONG_STREAM_CATEGORY type"]);
    expect(
      verdicts([
        [provider, registered()],
        [provider, accepted],
      ]),
    ).toEqual(["ok", "WRONG_STREAM_CATEGORY type"]);
  });
});

describe("a provider's updates on a connection in a history file", () => {
  const caseStream = "case-case_c0077";
  const caseEvents: LinkworkEvent[] = [
    {
      type: "ReferralReceived",
      schemaVersion: 3,
      data: {
        caseId: "case_c0077",
        personId: "person_7f3a",
        pcnId: "U00009",
        practiceId: "E00006",
        source: "gp",
        reasons: ["loneliness"],
        consent: { contact: true, shareOutcomeWithReferrer: false, evaluation: false },
      },
      metadata: metadata(1),
    },
    { type: "ReferralAccepted", schemaVersion: 1, data: { linkWorkerId: "lw_ana1" }, metadata: metadata(1) },
    {
      type: "ConversationHeld",
      schemaVersion: 1,
      data: { mode: "phone", minutes: 30, needs: [], strengths: [] },
      metadata: metadata(1),
    },
    { type: "PlanAgreed", schemaVersion: 1, data: { goals: [{ goalId: "goal-1", need: "loneliness" }] }, metadata: metadata(1) },
    {
      type: "ConnectionMade",
      schemaVersion: 1,
      data: { connectionId: "conn-1", goalId: "goal-1", providerId: "prov_choir1", activity: "arts_culture", mode: "referred" },
      metadata: metadata(1),
    },
  ];
  const update = (connectionId: string, data: { update: string; reason?: string }): LinkworkEvent =>
    ({ type: "ProviderUpdateRecorded", schemaVersion: 1, data: { connectionId, ...data }, metadata: metadata(2) }) as LinkworkEvent;
  const spend = (goalId: string, connectionId?: string): LinkworkEvent => ({
    type: "ActivityBudgetSpent",
    schemaVersion: 1,
    data: { goalId, ...(connectionId === undefined ? {} : { connectionId }), amountPence: 1500 },
    metadata: metadata(2),
  });
  const after = (...events: LinkworkEvent[]) =>
    verdicts([...caseEvents, ...events].map((event) => [caseStream, event] as const)).slice(caseEvents.length);

  it("follow the provider's order: waitlisted, accepted, attended, finished", () => {
    expect(
      after(
        update("conn-1", { update: "waitlisted" }),
        update("conn-1", { update: "accepted" }),
        update("conn-1", { update: "attended" }),
        update("conn-1", { update: "did_not_attend" }),
        update("conn-1", { update: "finished" }),
      ),
    ).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  });

  it("refuses an update out of order, after a decline, or for a connection never made", () => {
    expect(after(update("conn-1", { update: "attended" }))).toEqual(["INVALID_TRANSITION data.update"]);
    expect(after(update("conn-1", { update: "declined", reason: "at_capacity" }), update("conn-1", { update: "accepted" }))).toEqual([
      "ok",
      "INVALID_TRANSITION data.update",
    ]);
    expect(after(update("conn-2", { update: "accepted" }))).toEqual(["UNKNOWN_REFERENCE data.connectionId"]);
  });

  it("refuses a decline without its reason and a reason on anything but a decline", () => {
    expect(after(update("conn-1", { update: "declined" }))).toEqual(["INVALID_EVENT data.reason"]);
    expect(after(update("conn-1", { update: "accepted", reason: "other" }))).toEqual(["INVALID_EVENT data.reason"]);
  });

  it("refuses spend for a goal or a connection the case does not have", () => {
    expect(after(spend("goal-1", "conn-1"), spend("goal-2"))).toEqual(["ok", "UNKNOWN_REFERENCE data.goalId"]);
    expect(after(spend("goal-1", "conn-3"))).toEqual(["UNKNOWN_REFERENCE data.connectionId"]);
  });

  it("carries what providers reported across a checker snapshot", () => {
    const checker = new HistoryChecker();
    const lines = [...caseEvents, update("conn-1", { update: "declined", reason: "service_paused" })].map((event, index) =>
      formatHistoryLine(
        { position: BigInt(index + 1), streamId: caseStream, streamVersion: index + 1, event },
        BigInt(index + 1),
      ).trimEnd(),
    );
    for (const line of lines) expect(checker.check(line).ok).toBe(true);
    const restored = HistoryChecker.restore(JSON.parse(JSON.stringify(checker.snapshot())));
    if (restored._tag === "Left") throw new Error(restored.left);
    const next = formatHistoryLine(
      { position: 7n, streamId: caseStream, streamVersion: 7, event: update("conn-1", { update: "accepted" }) },
      7n,
    ).trimEnd();
    const checked = restored.right.check(next);
    expect(checked.ok ? "ok" : `${checked.problem.code} ${checked.problem.path}`).toBe("INVALID_TRANSITION data.update");
  });
});
