import { DAY_MS } from "@linkwork/core";
import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import {
  evolveCase,
  finalStages,
  initialCaseState,
  openSchemePolicy,
  streamCategory,
  type CaseEvent,
  type CaseState,
  type EventOf,
  type RecordedEvent,
} from "@linkwork/core";
import { notErased } from "@linkwork/core/testing";
import { medicalReferralSources } from "@linkwork/core/vocabulary";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate, type SimulationSummary } from "../src/index.js";
import { byStream, readAllEvents } from "./recorded-history.js";

/** One demo-size run (three PCNs, a year, the defaults), shared by the checks below. */
let summary: SimulationSummary;
let events: RecordedEvent[];
let streams: Map<string, RecordedEvent[]>;

beforeAll(async () => {
  const store = memoryEventStore();
  const result = await simulate({ seed: 2025 }, { store });
  if (E.isLeft(result)) throw new Error(result.left.message);
  summary = result.right;
  events = await readAllEvents(store);
  streams = byStream(events);
});

function ofType<T extends RecordedEvent["event"]["type"]>(type: T): EventOf<T>[] {
  return events.filter((recorded) => recorded.event.type === type).map((recorded) => recorded.event as EventOf<T>);
}

function caseStates(): Map<string, { state: CaseState; events: readonly CaseEvent[] }> {
  const cases = new Map<string, { state: CaseState; events: readonly CaseEvent[] }>();
  for (const [streamId, recorded] of streams) {
    if (streamCategory(streamId) !== "case") continue;
    const caseEvents = recorded.map((entry) => entry.event as CaseEvent);
    cases.set(streamId, { state: caseEvents.reduce(evolveCase, initialCaseState), events: caseEvents });
  }
  return cases;
}

describe("a year of a three-PCN network with the default settings", () => {
  it("writes every command it issues (none is refused) and counts what it wrote", () => {
    expect(summary.commands).toBeGreaterThan(50_000);
    expect(summary.events).toBe(events.length);
    expect(summary.referrals).toBe(ofType("ReferralReceived").length);
  });

  it("receives referrals near list × share × months / 12", () => {
    const initialLists = new Map<string, number>();
    for (const event of ofType("PcnListSizeRecorded"))
      if (!initialLists.has(event.data.pcnId)) initialLists.set(event.data.pcnId, event.data.registeredPatients);
    expect(initialLists.size).toBe(3);
    const expected = [...initialLists.values()].reduce((total, list) => total + list * 0.014, 0);
    expect(summary.referrals).toBeGreaterThan(expected * 0.92);
    expect(summary.referrals).toBeLessThan(expected * 1.08);
  });

  it("sees declines, rejections and unreachable people near their settings", () => {
    expect(summary.declined / summary.referrals).toBeGreaterThan(0.085);
    expect(summary.declined / summary.referrals).toBeLessThan(0.135);
    expect(summary.rejected / summary.referrals).toBeGreaterThan(0.015);
    expect(summary.rejected / summary.referrals).toBeLessThan(0.05);
    const unreachable = summary.closed.unreachable ?? 0;
    expect(unreachable / summary.referrals).toBeGreaterThan(0.05);
    expect(unreachable / summary.referrals).toBeLessThan(0.11);
  });

  it("takes 72-85% of an open scheme's referrals by medical routes, and some by every other kind of route", () => {
    const sources = ofType("ReferralReceived").map((event) => event.data.source);
    const medical = sources.filter((source) => medicalReferralSources.includes(source)).length;
    expect(medical / sources.length).toBeGreaterThan(0.72);
    expect(medical / sources.length).toBeLessThan(0.85);
    for (const source of ["self", "vcse", "social_care"] as const) expect(sources).toContain(source);
  });

  it("leaves every case closed, or open only while its episode has not ended", () => {
    const endsAt = Date.parse(`${summary.endDate}T00:00:00Z`);
    let open = 0;
    for (const { state } of caseStates().values()) {
      if (finalStages.includes(state.stage)) continue;
      open += 1;
      expect(Date.parse(state.referredAt!) + openSchemePolicy.episodeLengthDays * DAY_MS).toBeGreaterThanOrEqual(endsAt);
    }
    expect(open).toBe(summary.openAtEnd);
    expect(summary.closed.goals_met ?? 0).toBeGreaterThan(0);
    expect(summary.closed.connected_to_support ?? 0).toBeGreaterThan(0);
  });

  it("holds 6-12 sessions with people whose cases close with their goals met or connected", () => {
    let checked = 0;
    for (const { state, events: caseEvents } of caseStates().values()) {
      const closure = caseEvents.find((event) => event.type === "CaseClosed");
      if (closure?.type !== "CaseClosed" || !["goals_met", "connected_to_support"].includes(notErased(closure.data.reason))) continue;
      checked += 1;
      expect(state.contacts).toBeGreaterThanOrEqual(6);
      expect(state.contacts).toBeLessThanOrEqual(12);
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("enrols a comparison person per referral, matched to its case, PCN and referral date", () => {
    const referrals = new Map(ofType("ReferralReceived").map((event) => [event.data.caseId, event] as const));
    const enrolments = ofType("ComparisonCohortEnrolled");
    expect(enrolments.length).toBe(summary.referrals);
    expect(summary.comparisonPeople).toBe(summary.referrals);
    for (const enrolment of enrolments) {
      const referral = referrals.get(enrolment.data.matchedCaseId ?? "");
      expect(referral).toBeDefined();
      expect(enrolment.data.pcnId).toBe(referral?.data.pcnId);
      expect(enrolment.data.indexDate).toBe(referral?.metadata.occurredAt.slice(0, 10));
    }
  });

  it("records monthly GP usage per person, whole calendar months in order, from 12 months before the index date", () => {
    const indexDates = new Map<string, string>();
    for (const event of ofType("ReferralReceived")) indexDates.set(event.data.personId, event.metadata.occurredAt.slice(0, 10));
    for (const event of ofType("ComparisonCohortEnrolled")) indexDates.set(event.data.personId, event.data.indexDate);
    const twelveMonthsBefore = (date: string): string => {
      const index = new Date(`${date}T00:00:00Z`);
      return new Date(Date.UTC(index.getUTCFullYear(), index.getUTCMonth() - 12, 1)).toISOString().slice(0, 10);
    };
    let people = 0;
    // Problems are collected and compared once: an expect per record would dominate the test's time.
    const problems: string[] = [];
    for (const [streamId, recorded] of streams) {
      if (streamCategory(streamId) !== "person") continue;
      people += 1;
      const usage = recorded
        .map((entry) => entry.event)
        .filter((event): event is EventOf<"HealthcareUsageRecorded"> => event.type === "HealthcareUsageRecorded");
      if (usage.length < 13) problems.push(`${streamId} has ${usage.length} months of usage`);
      const personId = streamId.slice("person-".length);
      if (usage[0]?.data.periodStart !== twelveMonthsBefore(indexDates.get(personId) ?? ""))
        problems.push(`${streamId} does not start 12 months before its index date`);
      let previousEnd = "";
      for (const event of usage) {
        const start = new Date(`${event.data.periodStart}T00:00:00Z`);
        const lastDay = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
        if (!event.data.periodStart.endsWith("-01") || event.data.periodEnd !== lastDay)
          problems.push(`${streamId} ${event.data.periodStart}..${event.data.periodEnd} is not a calendar month`);
        if (previousEnd !== "" && Date.parse(event.data.periodStart) - Date.parse(previousEnd) !== DAY_MS)
          problems.push(`${streamId} skips or repeats after ${previousEnd}`);
        previousEnd = event.data.periodEnd;
      }
      for (let index = 1; index < recorded.length; index++) {
        if (recorded[index]!.event.metadata.occurredAt < recorded[index - 1]!.event.metadata.occurredAt)
          problems.push(`${streamId}@${index + 1} goes back in time`);
      }
    }
    expect(problems).toEqual([]);
    expect(people).toBe(summary.people + summary.comparisonPeople);
  });

  it("measures wellbeing at baseline and follow-up, improving modestly on average", () => {
    const byCase = new Map<string, { baseline?: number; followUp?: number }>();
    for (const [streamId, recorded] of streams) {
      for (const { event } of recorded) {
        if (event.type !== "WellbeingAssessed" || event.data.instrument !== "WEMWBS") continue;
        const pair = byCase.get(streamId) ?? {};
        if (event.data.timepoint === "baseline") pair.baseline = notErased(event.data.scores).total!;
        if (event.data.timepoint === "follow_up") pair.followUp = notErased(event.data.scores).total!;
        byCase.set(streamId, pair);
      }
    }
    const changes = [...byCase.values()]
      .filter((pair) => pair.baseline !== undefined && pair.followUp !== undefined)
      .map((pair) => pair.followUp! - pair.baseline!);
    expect(changes.length).toBeGreaterThan(100);
    const meanChange = changes.reduce((total, change) => total + change, 0) / changes.length;
    expect(meanChange).toBeGreaterThan(1);
    expect(meanChange).toBeLessThan(6);
    expect(changes.some((change) => change < 0)).toBe(true);
  });

  it("connects people to community providers and records needs no one meets", () => {
    expect(summary.connections).toBeGreaterThan(summary.accepted * 0.5);
    expect(summary.unmetNeeds.no_provision ?? 0).toBeGreaterThan(0);
    expect(ofType("ConnectionOutcomeRecorded").some((event) => event.data.outcome === "dropped_out")).toBe(true);
    expect(ofType("FollowUpCompleted").length).toBeGreaterThan(summary.accepted);
  });

  it("reports the true effect it simulated for engaged referred people", () => {
    expect(summary.trueEffect.perYear).toBe(-2);
    expect(summary.trueEffect.engagedPeople).toBeGreaterThan(summary.referrals * 0.6);
    // The floor at zero appointments cuts the effect short for people with very low use, never lengthens it.
    expect(summary.trueEffect.realisedPerEngagedPersonYear).toBeGreaterThan(-2);
    expect(summary.trueEffect.realisedPerEngagedPersonYear).toBeLessThan(-1.5);
  });
});
