import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { arbitrarySchemePolicy } from "@linkwork/core/testing";
import { DAY_MS, openSchemePolicy, type RecordedEvent, type SchemePolicy } from "@linkwork/core";
import { endedAt } from "../../src/read-models/shared/case-milestones.js";
import {
  caseloadByLinkWorker,
  caseloadByPcn,
  caseloadOpenCases,
  caseloadProjection,
  type CaseloadFigures,
  type CaseloadStage,
  type LinkWorkerCaseloadRow,
  type OpenCaseRow,
  type PcnCaseloadRow,
} from "../../src/index.js";
import {
  arbitraryReportCase,
  asOfWithin,
  command,
  groupedByStream,
  project,
  recordedHistory,
  referral,
  refusedPaths,
  right,
  projectedEveryWay,
  resumedFromSnapshot,
} from "./read-model-history.js";
const policy: SchemePolicy = { ...openSchemePolicy, maxContacts: 2, episodeLengthDays: 30 };
const projection = right(caseloadProjection({ policy: { maxContacts: 2, episodeLengthDays: 30 } }));

/**
 * PCN a has link workers lw_w1 and lw_w2 in post; PCN b has lw_w4 in post and lw_w3, who was never
 * registered, holds a case there. Cases:
 *   c1 accepted by lw_w1, never contacted; c2 accepted by lw_w1, one conversation, a follow-up due 03-08;
 *   c3 accepted by lw_w2, two conversations (the policy's maximum), plan, connection, a follow-up due
 *      03-11, reassigned to lw_w1 on 03-01; referred 02-01, so past the 30-day episode by 03-11;
 *   c4 held by lw_w2 with a plan; c5 awaiting acceptance; c6 declined; c7 rejected; c8 closed 02-15;
 *   c9 in PCN b, accepted by lw_w3.
 */
const scenario = [
  command("RegisterLinkWorker", "2024-01-01T08:00:00Z", { linkWorkerId: "lw_w1", pcnId: "U00001", fte: 1 }),
  command("RegisterLinkWorker", "2024-01-01T08:00:00Z", { linkWorkerId: "lw_w2", pcnId: "U00001", fte: 0.6 }),
  command("RegisterLinkWorker", "2024-01-01T08:00:00Z", { linkWorkerId: "lw_w4", pcnId: "U00002", fte: 1 }),
  referral("case_c6", "2024-01-01T09:00:00Z"),
  command("AcceptReferral", "2024-01-02T09:00:00Z", { caseId: "case_c6", linkWorkerId: "lw_w2" }),
  command("DeclineSocialPrescribing", "2024-01-03T09:00:00Z", { caseId: "case_c6", reason: "not_right_time" }),
  referral("case_c7", "2024-01-04T09:00:00Z"),
  command("RejectReferral", "2024-01-05T09:00:00Z", { caseId: "case_c7", reason: "outside_area" }),
  referral("case_c8", "2024-01-10T09:00:00Z"),
  command("AcceptReferral", "2024-01-11T09:00:00Z", { caseId: "case_c8", linkWorkerId: "lw_w1" }),
  command("HoldConversation", "2024-01-12T09:00:00Z", { caseId: "case_c8", mode: "phone", minutes: 30 }),
  referral("case_c3", "2024-02-01T09:00:00Z"),
  command("AcceptReferral", "2024-02-01T10:00:00Z", { caseId: "case_c3", linkWorkerId: "lw_w2" }),
  command("HoldConversation", "2024-02-03T09:00:00Z", { caseId: "case_c3", mode: "face_to_face", minutes: 60 }),
  command("AgreePlan", "2024-02-04T09:00:00Z", { caseId: "case_c3", goals: [{ goalId: "g1", need: "loneliness" }] }),
  command("MakeConnection", "2024-02-05T09:00:00Z", {
    caseId: "case_c3",
    connectionId: "k1",
    goalId: "g1",
    providerId: "prov_walkinggroup1",
    activity: "physical_activity",
    mode: "accompanied",
  }),
  command("CloseCase", "2024-02-15T09:00:00Z", { caseId: "case_c8", reason: "goals_met" }),
  command("HoldConversation", "2024-02-20T09:00:00Z", { caseId: "case_c3", mode: "phone", minutes: 20 }),
  command("ScheduleFollowUp", "2024-02-20T09:30:00Z", { caseId: "case_c3", followUpId: "f1", dueOn: "2024-03-11" }),
  referral("case_c1", "2024-03-01T09:00:00Z"),
  referral("case_c2", "2024-03-01T09:00:00Z"),
  referral("case_c4", "2024-03-01T09:00:00Z"),
  command("ReassignLinkWorker", "2024-03-01T09:30:00Z", { caseId: "case_c3", toLinkWorkerId: "lw_w1" }),
  command("AcceptReferral", "2024-03-02T09:00:00Z", { caseId: "case_c1", linkWorkerId: "lw_w1" }),
  command("AcceptReferral", "2024-03-02T09:00:00Z", { caseId: "case_c2", linkWorkerId: "lw_w1" }),
  command("AcceptReferral", "2024-03-02T09:00:00Z", { caseId: "case_c4", linkWorkerId: "lw_w2" }),
  referral("case_c5", "2024-03-02T09:00:00Z"),
  command("HoldConversation", "2024-03-04T09:00:00Z", { caseId: "case_c4", mode: "phone", minutes: 30 }),
  command("AgreePlan", "2024-03-04T10:00:00Z", { caseId: "case_c4", goals: [{ goalId: "g1", need: "housing" }] }),
  command("HoldConversation", "2024-03-05T09:00:00Z", { caseId: "case_c2", mode: "phone", minutes: 30 }),
  command("ScheduleFollowUp", "2024-03-05T09:30:00Z", { caseId: "case_c2", followUpId: "f1", dueOn: "2024-03-08" }),
  referral("case_c9", "2024-03-05T09:00:00Z", { pcnId: "U00002" }),
  command("AcceptReferral", "2024-03-06T09:00:00Z", { caseId: "case_c9", linkWorkerId: "lw_w3" }),
];

const stages = (counts: Partial<Record<CaseloadStage, number>>): Record<CaseloadStage, number> => ({
  awaiting_acceptance: 0,
  awaiting_first_contact: 0,
  in_conversation: 0,
  plan_agreed: 0,
  connected: 0,
  ...counts,
});

describe("caseload: a hand-computed example as of 2024-03-11T12:00Z", () => {
  const asOf = "2024-03-11T12:00:00Z";

  it("lists each open case with its stage, waits, contacts and follow-ups", async () => {
    const state = project(projection, await recordedHistory(scenario, policy));
    const report = right(caseloadOpenCases(state, { asOf }));
    expect(report.asOf).toBe("2024-03-11T12:00:00.000Z");
    expect(report.rows.map((row) => row.caseId)).toEqual(["case_c1", "case_c2", "case_c3", "case_c4", "case_c5", "case_c9"]);
    const c3 = report.rows.find((row) => row.caseId === "case_c3");
    expect(c3).toEqual({
      caseId: "case_c3",
      pcnId: "U00001",
      linkWorkerId: "lw_w1", // reassigned from lw_w2 on 03-01
      stage: "connected",
      referredAt: "2024-02-01T09:00:00.000Z",
      daysOpen: 39, // 02-01 -> 03-11: 28 days left of leap-year February + 11
      waitingForFirstContact: false,
      daysToFirstContact: 2, // 02-01 -> 02-03
      contactsUsed: 2,
      contactsRemaining: 0, // maximum 2
      followUpsDue: 1, // due 03-11 <= 03-11
      followUpsOverdue: 0, // not before 03-11
      beyondEpisodeLength: true, // 02-01T09:00 + 30 days = 03-02T09:00 < asOf
    });
    const c2 = report.rows.find((row) => row.caseId === "case_c2");
    expect(c2).toMatchObject({
      stage: "in_conversation",
      daysToFirstContact: 4,
      followUpsDue: 1,
      followUpsOverdue: 1,
      contactsRemaining: 1,
    });
    const c5 = report.rows.find((row) => row.caseId === "case_c5");
    expect(c5).toMatchObject({ linkWorkerId: null, stage: "awaiting_acceptance", waitingForFirstContact: true, daysToFirstContact: 9 });
  });

  it("sums each link worker's caseload, with an empty row for one in post and a row for one never registered", async () => {
    const state = project(projection, await recordedHistory(scenario, policy));
    const report = right(caseloadByLinkWorker(state, { asOf }));
    expect(report.maxContacts).toBe(2);
    expect(report.episodeLengthDays).toBe(30);
    expect(report.rows.map((row) => [row.linkWorkerId, row.employment, row.pcnId])).toEqual([
      ["lw_w1", "in_post", "U00001"],
      ["lw_w2", "in_post", "U00001"],
      ["lw_w3", "not_registered", null],
      ["lw_w4", "in_post", "U00002"],
    ]);
    const [lw1, lw2, lw3, lw4] = report.rows as [
      LinkWorkerCaseloadRow,
      LinkWorkerCaseloadRow,
      LinkWorkerCaseloadRow,
      LinkWorkerCaseloadRow,
    ];
    // lw_w1 holds c1 (waiting 10 days), c2 (first contact after 4 days, 1 contact) and c3 (2 days, 2 contacts).
    expect(lw1).toMatchObject({
      openCases: 3,
      byStage: stages({ awaiting_first_contact: 1, in_conversation: 1, connected: 1 }),
      followUpDue: 2, // c2 and c3
      overdueFollowUps: 1, // c2's, due 03-08
      waitingForFirstContact: 1,
      meanDaysWaiting: 10,
      longestDaysWaiting: 10,
      meanDaysToFirstContact: 3, // (4 + 2) / 2
      contactsUsed: 3, // 0 + 1 + 2
      contactsAllowed: 6, // 3 cases x 2
      casesAtContactLimit: 1,
      beyondEpisodeLength: 1,
    });
    // lw_w2's declined c6 is not open; c3 moved to lw_w1.
    expect(lw2).toMatchObject({
      openCases: 1,
      byStage: stages({ plan_agreed: 1 }),
      meanDaysWaiting: null,
      meanDaysToFirstContact: 3,
      contactsUsed: 1,
    });
    expect(lw3).toMatchObject({ openCases: 1, waitingForFirstContact: 1, meanDaysWaiting: 6, longestDaysWaiting: 6 });
    expect(lw4).toMatchObject({
      openCases: 0,
      contactsAllowed: 0,
      meanDaysWaiting: null,
      longestDaysWaiting: null,
      meanDaysToFirstContact: null,
    });
  });

  it("sums each PCN's caseload, including cases awaiting acceptance", async () => {
    const state = project(projection, await recordedHistory(scenario, policy));
    const rows = right(caseloadByPcn(state, { asOf })).rows;
    expect(rows).toEqual<PcnCaseloadRow[]>([
      {
        pcnId: "U00001",
        openCases: 5, // c1 c2 c3 c4 c5
        byStage: stages({ awaiting_acceptance: 1, awaiting_first_contact: 1, in_conversation: 1, plan_agreed: 1, connected: 1 }),
        followUpDue: 2,
        overdueFollowUps: 1,
        waitingForFirstContact: 2, // c1 10 days, c5 9 days
        meanDaysWaiting: 9.5,
        longestDaysWaiting: 10,
        meanDaysToFirstContact: 3, // (4 + 2 + 3) / 3
        contactsUsed: 4, // 0 + 1 + 2 + 1 + 0
        contactsAllowed: 10,
        casesAtContactLimit: 1,
        beyondEpisodeLength: 1,
      },
      {
        pcnId: "U00002",
        openCases: 1,
        byStage: stages({ awaiting_first_contact: 1 }),
        followUpDue: 0,
        overdueFollowUps: 0,
        waitingForFirstContact: 1,
        meanDaysWaiting: 6, // 03-05 -> 03-11
        longestDaysWaiting: 6,
        meanDaysToFirstContact: null,
        contactsUsed: 0,
        contactsAllowed: 2,
        casesAtContactLimit: 0,
        beyondEpisodeLength: 0,
      },
    ]);
  });

  it("reports the caseload as it stood at an earlier instant: before the reassignment and the closure", async () => {
    const state = project(projection, await recordedHistory(scenario, policy));
    const rows = right(caseloadByLinkWorker(state, { asOf: "2024-02-10T00:00:00Z" })).rows;
    // c8 (closed 02-15) was still open with lw_w1; c3 was still lw_w2's, connected on 02-05.
    expect(rows.map((row) => [row.linkWorkerId, row.openCases, row.byStage.in_conversation, row.byStage.connected])).toEqual([
      ["lw_w1", 1, 1, 0],
      ["lw_w2", 1, 0, 1],
      ["lw_w4", 0, 0, 0],
    ]);
  });

  it("defaults asOf to the latest occurredAt seen", async () => {
    const state = project(projection, await recordedHistory(scenario, policy));
    expect(right(caseloadByPcn(state)).asOf).toBe("2024-03-06T09:00:00.000Z");
  });
});

describe("caseload: settings, options and snapshots", () => {
  it("refuses bad settings and bad options with errors naming the field", () => {
    expect(refusedPaths(caseloadProjection({ policy: { maxContacts: 0 } }))).toEqual(["policy.maxContacts"]);
    expect(refusedPaths(caseloadProjection({ maxContacts: 3 } as never))).toEqual(["(root)"]);
    const state = projection.initialState();
    // Nothing applied yet, so there is no latest occurredAt to default to.
    expect(refusedPaths(caseloadByPcn(state))).toEqual(["asOf"]);
    expect(refusedPaths(caseloadByLinkWorker(state, { asOf: "last tuesday" }))).toEqual(["asOf"]);
    // A caseload is a snapshot: it takes no period start.
    expect(refusedPaths(caseloadOpenCases(state, { asOf: "2024-01-01T00:00:00Z", from: "2023-01-01T00:00:00Z" } as never))).toEqual([
      "(root)",
    ]);
  });

  it("round-trips a snapshot and refuses a damaged one", async () => {
    const state = project(projection, await recordedHistory(scenario, policy));
    const codec = projection.codec!;
    const restored = right(codec.decode(codec.encode(state)));
    expect(right(caseloadOpenCases(restored))).toEqual(right(caseloadOpenCases(state)));
    expect(E.isLeft(codec.decode("{not json"))).toBe(true);
    const damaged = codec.decode(
      JSON.stringify({
        retentionDays: 92,
        horizon: null,
        cases: [["case_c1", { milestones: {} }]],
        linkWorkers: [],
        latestOccurredAt: null,
      }),
    );
    expect(E.isLeft(damaged) && damaged.left).toMatch(/^snapshot does not match the state: cases\[0\]\[1\]\.milestones/);
  });

  it("keeps ended cases 92 days by default and refuses a bad retentionDays naming it", () => {
    expect(projection.initialState().settings.retentionDays).toBe(92);
    expect(right(caseloadProjection({ retentionDays: "all" })).initialState().settings.retentionDays).toBe("all");
    for (const retentionDays of [-1, 1.5, "forever"]) {
      expect(refusedPaths(caseloadProjection({ retentionDays } as never))).toEqual(["retentionDays"]);
    }
  });
});

describe("caseload: the retention horizon", () => {
  // Keeps ended cases 10 days: by the last event (c9 accepted 03-06T09:00) the horizon is 02-25T09:00,
  // past c6, c7 and c8, which ended by 02-15.
  const shortMemory = right(caseloadProjection({ policy: { maxContacts: 2, episodeLengthDays: 30 }, retentionDays: 10 }));

  it("forgets cases that ended before the horizon, answers from it on and refuses asOf before it", async () => {
    const events = await recordedHistory(scenario, policy);
    const state = project(shortMemory, events);
    expect(state.retention.horizon).toBe(Date.parse("2024-02-25T09:00:00Z"));
    expect([...state.cases.keys()].sort()).toEqual(["case_c1", "case_c2", "case_c3", "case_c4", "case_c5", "case_c9"]);
    const everything = project(projection, events);
    for (const asOf of ["2024-02-25T09:00:00Z", "2024-03-11T12:00:00Z"]) {
      expect(caseloadByLinkWorker(state, { asOf })).toEqual(caseloadByLinkWorker(everything, { asOf }));
      expect(caseloadByPcn(state, { asOf })).toEqual(caseloadByPcn(everything, { asOf }));
      expect(caseloadOpenCases(state, { asOf })).toEqual(caseloadOpenCases(everything, { asOf }));
    }
    const early = { asOf: "2024-02-25T08:59:59.999Z" };
    expect(refusedPaths(caseloadOpenCases(state, early))).toEqual(["asOf"]);
    expect(refusedPaths(caseloadByLinkWorker(state, early))).toEqual(["asOf"]);
    expect(refusedPaths(caseloadByPcn(state, early))).toEqual(["asOf"]);
    const refusal = caseloadByPcn(state, early);
    expect(E.isLeft(refusal) && refusal.left.message).toMatch(/before the retention horizon 2024-02-25T09:00:00\.000Z/);
  });

  it("saves the retention and horizon in a snapshot and refuses one taken with another retentionDays", async () => {
    const state = project(shortMemory, await recordedHistory(scenario, policy));
    const text = shortMemory.codec!.encode(state);
    const restored = right(shortMemory.codec!.decode(text));
    expect(restored.retention.horizon).toBe(state.retention.horizon);
    expect(restored.retention.ended.length).toBe(0); // no retained case has ended
    const elsewhere = projection.codec!.decode(text);
    expect(E.isLeft(elsewhere) && elsewhere.left).toMatch(/^snapshot does not match the state: retentionDays/);
  });
});

// ---- The reference: the caseload recomputed from the events at or before asOf, case by case. ----

const day = (instant: string | number) => Math.floor((typeof instant === "number" ? instant : Date.parse(instant)) / DAY_MS);
const at = (recorded: RecordedEvent) => Date.parse(recorded.event.metadata.occurredAt);

function referenceOpenCases(events: readonly RecordedEvent[], asOf: number, scheme: SchemePolicy): OpenCaseRow[] {
  const streams = new Map<string, RecordedEvent[]>();
  for (const recorded of events) {
    if (!recorded.streamId.startsWith("case-") || at(recorded) > asOf) continue;
    streams.set(recorded.streamId, [...(streams.get(recorded.streamId) ?? []), recorded]);
  }
  const asOfDate = new Date(asOf).toISOString().slice(0, 10);
  const rows: OpenCaseRow[] = [];
  for (const [streamId, history] of streams) {
    const types = history.map((recorded) => recorded.event.type);
    const first = history[0]?.event;
    if (first?.type !== "ReferralReceived") continue;
    if (types.includes("ReferralRejected") || types.includes("SocialPrescribingDeclined") || types.includes("CaseClosed")) continue;
    let holder: string | null = null;
    const scheduled = new Map<string, string>();
    const completed = new Set<string>();
    let firstConversation: number | null = null;
    let contacts = 0;
    for (const recorded of history) {
      const { event } = recorded;
      if (event.type === "ReferralAccepted") holder = event.data.linkWorkerId;
      if (event.type === "LinkWorkerReassigned") holder = event.data.toLinkWorkerId;
      if (event.type === "ConversationHeld") {
        contacts += 1;
        firstConversation ??= at(recorded);
      }
      if (event.type === "FollowUpCompleted") {
        contacts += 1;
        completed.add(event.data.followUpId);
      }
      if (event.type === "FollowUpScheduled") scheduled.set(event.data.followUpId, event.data.dueOn);
    }
    const pending = [...scheduled].filter(([id]) => !completed.has(id)).map(([, dueOn]) => dueOn);
    const referredAt = Date.parse(first.metadata.occurredAt);
    rows.push({
      caseId: streamId.slice("case-".length),
      pcnId: first.data.pcnId,
      linkWorkerId: holder,
      stage: types.includes("ConnectionMade")
        ? "connected"
        : types.includes("PlanAgreed")
          ? "plan_agreed"
          : types.includes("ConversationHeld")
            ? "in_conversation"
            : types.includes("ReferralAccepted")
              ? "awaiting_first_contact"
              : "awaiting_acceptance",
      referredAt: new Date(referredAt).toISOString(),
      daysOpen: day(asOf) - day(referredAt),
      waitingForFirstContact: firstConversation === null,
      daysToFirstContact: day(firstConversation ?? asOf) - day(referredAt),
      contactsUsed: contacts,
      contactsRemaining: Math.max(0, scheme.maxContacts - contacts),
      followUpsDue: pending.filter((dueOn) => dueOn <= asOfDate).length,
      followUpsOverdue: pending.filter((dueOn) => dueOn < asOfDate).length,
      beyondEpisodeLength: asOf - referredAt > scheme.episodeLengthDays * DAY_MS,
    });
  }
  return rows.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
}

function referenceFigures(rows: readonly OpenCaseRow[], maxContacts: number): CaseloadFigures {
  let waitingTotal = 0;
  let contactedTotal = 0;
  let contacted = 0;
  let longest: number | null = null;
  const byStage = stages({});
  for (const row of rows) {
    byStage[row.stage] += 1;
    if (row.waitingForFirstContact) {
      waitingTotal += row.daysToFirstContact;
      longest = Math.max(longest ?? 0, row.daysToFirstContact);
    } else {
      contactedTotal += row.daysToFirstContact;
      contacted += 1;
    }
  }
  const waiting = rows.length - contacted;
  return {
    openCases: rows.length,
    byStage,
    followUpDue: rows.filter((row) => row.followUpsDue > 0).length,
    overdueFollowUps: rows.map((row) => row.followUpsOverdue).reduce((a, b) => a + b, 0),
    waitingForFirstContact: waiting,
    meanDaysWaiting: waiting === 0 ? null : waitingTotal / waiting,
    longestDaysWaiting: longest,
    meanDaysToFirstContact: contacted === 0 ? null : contactedTotal / contacted,
    contactsUsed: rows.map((row) => row.contactsUsed).reduce((a, b) => a + b, 0),
    contactsAllowed: maxContacts * rows.length,
    casesAtContactLimit: rows.filter((row) => row.contactsUsed >= maxContacts).length,
    beyondEpisodeLength: rows.filter((row) => row.beyondEpisodeLength).length,
  };
}

function referenceWorkers(events: readonly RecordedEvent[], asOf: number): Map<string, { pcnId: string; inPost: boolean }> {
  const workers = new Map<string, { pcnId: string; inPost: boolean }>();
  for (const recorded of events) {
    if (at(recorded) > asOf) continue;
    const { event } = recorded;
    if (event.type === "LinkWorkerJoined") workers.set(event.data.linkWorkerId, { pcnId: event.data.pcnId, inPost: true });
    if (event.type === "LinkWorkerLeft") {
      const worker = workers.get(event.data.linkWorkerId);
      if (worker !== undefined) worker.inPost = false;
    }
  }
  return workers;
}

function referenceByLinkWorker(events: readonly RecordedEvent[], asOf: number, scheme: SchemePolicy): LinkWorkerCaseloadRow[] {
  const open = referenceOpenCases(events, asOf, scheme);
  const workers = referenceWorkers(events, asOf);
  const ids = new Set([
    ...[...workers].filter(([, worker]) => worker.inPost).map(([id]) => id),
    ...open.flatMap((row) => row.linkWorkerId ?? []),
  ]);
  return [...ids].sort().map((linkWorkerId) => {
    const worker = workers.get(linkWorkerId);
    return {
      linkWorkerId,
      pcnId: worker?.pcnId ?? null,
      employment: worker === undefined ? "not_registered" : worker.inPost ? "in_post" : "left",
      ...referenceFigures(
        open.filter((row) => row.linkWorkerId === linkWorkerId),
        scheme.maxContacts,
      ),
    };
  });
}

function referenceByPcn(events: readonly RecordedEvent[], asOf: number, scheme: SchemePolicy): PcnCaseloadRow[] {
  const open = referenceOpenCases(events, asOf, scheme);
  const workers = referenceWorkers(events, asOf);
  const ids = new Set([
    ...[...workers.values()].filter((worker) => worker.inPost).map((worker) => worker.pcnId),
    ...open.map((row) => row.pcnId),
  ]);
  return [...ids].sort().map((pcnId) => ({
    pcnId,
    ...referenceFigures(
      open.filter((row) => row.pcnId === pcnId),
      scheme.maxContacts,
    ),
  }));
}

describe("caseload: agrees with a recomputation from the events", () => {
  it("for random histories and instants, whatever the streams' interleaving, and after a snapshot", async () => {
    // Small limits, so that cases reach the contact maximum and outlive the episode.
    const generated = arbitrarySchemePolicy().chain((scheme) => arbitraryReportCase({ policy: scheme }));
    await fc.assert(
      fc.asyncProperty(generated, async ({ history, asOfPicks }) => {
        const events = await recordedHistory(history.commands, history.policy);
        // Keeps every case, so any instant of the history can be checked; the retention's own property follows.
        const model = right(caseloadProjection({ policy: history.policy, retentionDays: "all" }));
        const { state, regrouped, restored } = projectedEveryWay(model, events);
        for (const pick of asOfPicks) {
          const asOf = asOfWithin(events, pick);
          const asOfMs = Date.parse(asOf);
          expect(right(caseloadOpenCases(state, { asOf })).rows).toEqual(referenceOpenCases(events, asOfMs, history.policy));
          const byWorker = right(caseloadByLinkWorker(state, { asOf })).rows;
          expect(byWorker).toEqual(referenceByLinkWorker(events, asOfMs, history.policy));
          expect(right(caseloadByPcn(state, { asOf })).rows).toEqual(referenceByPcn(events, asOfMs, history.policy));
          expect(right(caseloadByLinkWorker(regrouped, { asOf })).rows).toEqual(byWorker);
          expect(right(caseloadByLinkWorker(restored, { asOf })).rows).toEqual(byWorker);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("caseload: folding ended cases changes no report it still answers", () => {
  it("equals the model keeping everything as of any instant from the horizon on, refuses before it, and survives a snapshot", async () => {
    const generated = fc.record({
      reportCase: arbitrarySchemePolicy().chain((scheme) => arbitraryReportCase({ policy: scheme })),
      // Short, so that histories of weeks to months fold some of their cases.
      retentionDays: fc.integer({ min: 0, max: 40 }),
      snapshotAt: fc.nat(),
    });
    let folded = 0;
    await fc.assert(
      fc.asyncProperty(generated, async ({ reportCase: { history, asOfPicks }, retentionDays, snapshotAt }) => {
        const events = await recordedHistory(history.commands, history.policy);
        const model = right(caseloadProjection({ policy: history.policy, retentionDays }));
        const everything = project(right(caseloadProjection({ policy: history.policy, retentionDays: "all" })), events);
        const state = project(model, events);
        const regrouped = project(model, groupedByStream(events));
        // A snapshot taken part way, restored and carried on, ends where the uninterrupted replay does.
        const codec = model.codec!;
        const carriedOn = resumedFromSnapshot(model, events, snapshotAt);
        expect(codec.encode(carriedOn)).toBe(codec.encode(state));
        const { horizon } = state.retention;
        if (state.cases.size < everything.cases.size) folded += 1;
        // Every case the model forgot ended before the horizon.
        for (const [caseId, record] of everything.cases) {
          if (!state.cases.has(caseId)) expect(endedAt(record.milestones) ?? Infinity).toBeLessThan(horizon ?? -Infinity);
        }
        const instants = asOfPicks.map((pick) => Date.parse(asOfWithin(events, pick)));
        if (horizon !== null) instants.push(horizon, horizon - 1);
        for (const asOfMs of instants) {
          const asOf = new Date(asOfMs).toISOString();
          if (horizon !== null && asOfMs < horizon) {
            for (const refused of [state, regrouped, carriedOn]) {
              expect(refusedPaths(caseloadOpenCases(refused, { asOf }))).toEqual(["asOf"]);
              expect(refusedPaths(caseloadByLinkWorker(refused, { asOf }))).toEqual(["asOf"]);
              expect(refusedPaths(caseloadByPcn(refused, { asOf }))).toEqual(["asOf"]);
            }
            continue;
          }
          for (const answered of [state, regrouped, carriedOn]) {
            expect(caseloadOpenCases(answered, { asOf })).toEqual(caseloadOpenCases(everything, { asOf }));
            expect(caseloadByLinkWorker(answered, { asOf })).toEqual(caseloadByLinkWorker(everything, { asOf }));
            expect(caseloadByPcn(answered, { asOf })).toEqual(caseloadByPcn(everything, { asOf }));
          }
        }
      }),
      { numRuns: 60 },
    );
    // The property means something only if the horizon really passed ended cases.
    expect(folded).toBeGreaterThan(5);
  });
});
