import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { type RecordedEvent } from "@linkwork/core";
import { medicalReferralSources, ReferralSource } from "@linkwork/core/vocabulary";
import { referralSourceMix, referralSourcesProjection, type ReferralFigures, type ReferralSourceReport } from "../../src/index.js";
import { DEFAULT_RETENTION_DAYS } from "../../src/read-models/shared/retention.js";
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
  retentionQueries,
} from "./read-model-history.js";

const projection = right(referralSourcesProjection());
/** Keeps every case in detail: the reference the folded read model must agree with. */
const keepingAll = right(referralSourcesProjection({ retentionDays: "all" }));

/**
 * January 2024, PCN a unless said: s1 (GP) accepted; s2 (GP) accepted, then declined; s3 (GP)
 * declined; s4 (self) rejected; s5 (self) accepted; s6 (pharmacy) not yet decided; s7 (VCSE, PCN b)
 * accepted; s9 (GP) referred 01-30 and accepted 02-02. In February: s8 (GP).
 */
const scenario = [
  referral("case_s1", "2024-01-02T09:00:00Z", { source: "gp" }),
  command("AcceptReferral", "2024-01-03T09:00:00Z", { caseId: "case_s1", linkWorkerId: "lw_w1" }),
  referral("case_s2", "2024-01-04T09:00:00Z", { source: "gp" }),
  command("AcceptReferral", "2024-01-05T09:00:00Z", { caseId: "case_s2", linkWorkerId: "lw_w1" }),
  command("DeclineSocialPrescribing", "2024-01-09T09:00:00Z", { caseId: "case_s2", reason: "not_right_time" }),
  referral("case_s3", "2024-01-06T09:00:00Z", { source: "gp" }),
  command("DeclineSocialPrescribing", "2024-01-07T09:00:00Z", { caseId: "case_s3", reason: "not_interested" }),
  referral("case_s4", "2024-01-08T09:00:00Z", { source: "self" }),
  command("RejectReferral", "2024-01-08T10:00:00Z", { caseId: "case_s4", reason: "outside_area" }),
  referral("case_s5", "2024-01-10T09:00:00Z", { source: "self" }),
  command("AcceptReferral", "2024-01-11T09:00:00Z", { caseId: "case_s5", linkWorkerId: "lw_w2" }),
  referral("case_s6", "2024-01-12T09:00:00Z", { source: "pharmacy" }),
  referral("case_s7", "2024-01-15T09:00:00Z", { source: "vcse", pcnId: "U00002" }),
  command("AcceptReferral", "2024-01-16T09:00:00Z", { caseId: "case_s7", linkWorkerId: "lw_w3" }),
  referral("case_s9", "2024-01-30T09:00:00Z", { source: "gp" }),
  command("AcceptReferral", "2024-02-02T09:00:00Z", { caseId: "case_s9", linkWorkerId: "lw_w1" }),
  referral("case_s8", "2024-02-05T09:00:00Z", { source: "gp" }),
];

const none: Omit<ReferralFigures, "referrals"> = {
  accepted: 0,
  declined: 0,
  rejected: 0,
  awaitingDecision: 0,
  acceptanceRate: null,
  declineRate: null,
};

describe("referral sources: a hand-computed example for January 2024", () => {
  const period = { from: "2024-01-01T00:00:00Z", asOf: "2024-01-31T23:59:59Z" };

  it("reports each source's referrals, share, acceptance and decline rates", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(referralSourceMix(state, period));
    expect(report.rows.map((row) => row.source)).toEqual(ReferralSource.options);
    const row = (source: string) => report.rows.find((candidate) => candidate.source === source);
    // GP: s1 s2 s3 s9. Accepted s1 s2; declined s2 s3; decided s1 s2 s3; s9's acceptance is after asOf.
    expect(row("gp")).toEqual({
      source: "gp",
      medicalRoute: true,
      share: 0.5, // 4 of 8
      referrals: 4,
      accepted: 2,
      declined: 2,
      rejected: 0,
      awaitingDecision: 1, // 4 - 3 decided - 0 rejected
      acceptanceRate: 0.5, // 2 / 4
      declineRate: 2 / 3, // 2 declined / 3 who decided
    });
    expect(row("self")).toEqual({
      source: "self",
      medicalRoute: false,
      share: 0.25,
      referrals: 2,
      accepted: 1,
      declined: 0,
      rejected: 1,
      awaitingDecision: 0,
      acceptanceRate: 0.5,
      declineRate: 0, // 0 of 1 who decided
    });
    expect(row("pharmacy")).toMatchObject({ medicalRoute: true, referrals: 1, awaitingDecision: 1, acceptanceRate: 0, declineRate: null });
    expect(row("police")).toEqual({ source: "police", medicalRoute: false, share: 0, referrals: 0, ...none });
  });

  it("totals the period, the medical route and the SNOMED-coded counts", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const report = right(referralSourceMix(state, period));
    expect(report).toMatchObject<Partial<ReferralSourceReport>>({
      asOf: "2024-01-31T23:59:59.000Z",
      from: "2024-01-01T00:00:00.000Z",
      pcnId: null,
      // s8 (February) is outside the period.
      all: { referrals: 8, accepted: 4, declined: 2, rejected: 1, awaitingDecision: 2, acceptanceRate: 0.5, declineRate: 0.4 }, // 2 / 5 decided
      medicalRoute: { sources: medicalReferralSources, referrals: 5, share: 0.625 }, // GP 4 + pharmacy 1, of 8
      snomed: [
        { code: "871731000000106", concept: "Referral to social prescribing service", count: 4 }, // s1 s2 s5 s7
        { code: "871711000000103", concept: "Social prescribing declined", count: 2 }, // s2 s3
      ],
    });
  });

  it("filters by PCN, defaults to the whole history, and takes the scheme's medical routes", async () => {
    const events = await recordedHistory(scenario);
    const state = project(projection, events);
    expect(right(referralSourceMix(state, { ...period, pcnId: "U00002" })).all).toEqual({
      referrals: 1,
      accepted: 1,
      declined: 0,
      rejected: 0,
      awaitingDecision: 0,
      acceptanceRate: 1,
      declineRate: 0,
    });
    // Up to the latest event (s8, 02-05): s8 referred, s9 accepted.
    expect(right(referralSourceMix(state)).all).toMatchObject({ referrals: 9, accepted: 5, awaitingDecision: 2 });
    const gpOnly = project(right(referralSourcesProjection({ medicalSources: ["gp"] })), events);
    expect(right(referralSourceMix(gpOnly, period)).medicalRoute).toEqual({ sources: ["gp"], referrals: 4, share: 0.5 });
  });
});

describe("referral sources: settings, options and snapshots", () => {
  it("refuses bad settings and options, naming the field", () => {
    expect(refusedPaths(referralSourcesProjection({ medicalSources: ["doctor" as never] }))).toEqual(["medicalSources[0]"]);
    const state = projection.initialState();
    expect(refusedPaths(referralSourceMix(state, { asOf: "2024-01-01T00:00:00Z", pcnId: "not an id" }))).toEqual(["pcnId"]);
    expect(refusedPaths(referralSourceMix(state, { asOf: "2024-01-01T00:00:00Z", from: "2024-03-01T00:00:00Z" }))).toEqual(["from"]);
  });

  it("round-trips a snapshot and refuses an unknown source in one", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const codec = projection.codec!;
    expect(right(referralSourceMix(right(codec.decode(codec.encode(state)))))).toEqual(right(referralSourceMix(state)));
    const tampered = codec.encode(state).replace('"source":"gp"', '"source":"doctor"');
    expect(codec.decode(tampered)).toMatchObject({ _tag: "Left" });
  });
});

// ---- The reference: each referral of the period followed through its own events up to asOf. ----

function referenceMix(events: readonly RecordedEvent[], from: number | null, asOf: number, pcnId: string | undefined) {
  const time = (recorded: RecordedEvent) => Date.parse(recorded.event.metadata.occurredAt);
  const referrals: { source: string; pcnId: string; types: Set<string> }[] = [];
  const byStream = new Map<string, { source: string; pcnId: string; types: Set<string> }>();
  for (const recorded of events) {
    if (time(recorded) > asOf) continue;
    const { event } = recorded;
    if (event.type === "ReferralReceived" && (from === null || time(recorded) >= from)) {
      const entry = { source: event.data.source, pcnId: event.data.pcnId, types: new Set<string>() };
      byStream.set(recorded.streamId, entry);
      referrals.push(entry);
    }
    byStream.get(recorded.streamId)?.types.add(event.type);
  }
  const cohort = referrals.filter((entry) => pcnId === undefined || entry.pcnId === pcnId);
  const figuresOf = (group: typeof cohort): ReferralFigures => {
    const accepted = group.filter((entry) => entry.types.has("ReferralAccepted")).length;
    const declined = group.filter((entry) => entry.types.has("SocialPrescribingDeclined")).length;
    const rejected = group.filter((entry) => entry.types.has("ReferralRejected")).length;
    const decided = group.filter((entry) => entry.types.has("ReferralAccepted") || entry.types.has("SocialPrescribingDeclined")).length;
    const undecided = group.filter(
      (entry) =>
        !entry.types.has("ReferralAccepted") && !entry.types.has("SocialPrescribingDeclined") && !entry.types.has("ReferralRejected"),
    ).length;
    return {
      referrals: group.length,
      accepted,
      declined,
      rejected,
      awaitingDecision: undecided,
      acceptanceRate: group.length > 0 ? accepted / group.length : null,
      declineRate: decided > 0 ? declined / decided : null,
    };
  };
  const medical = cohort.filter((entry) => (medicalReferralSources as readonly string[]).includes(entry.source)).length;
  const all = figuresOf(cohort);
  return {
    all,
    rows: ReferralSource.options.map((source) => {
      const group = cohort.filter((entry) => entry.source === source);
      return {
        source,
        medicalRoute: (medicalReferralSources as readonly string[]).includes(source),
        share: cohort.length > 0 ? group.length / cohort.length : null,
        ...figuresOf(group),
      };
    }),
    medical: { sources: medicalReferralSources, referrals: medical, share: cohort.length > 0 ? medical / cohort.length : null },
    snomed: [all.accepted, all.declined],
  };
}

describe("referral sources: agree with a recomputation from the events", () => {
  it("for random histories, periods and PCNs, whatever the streams' interleaving, and after a snapshot", async () => {
    const generated = fc.record({
      report: arbitraryReportCase(),
      fromDaysBefore: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
      pcn: fc.option(fc.nat(), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(generated, async ({ report: { history, asOfPicks }, fromDaysBefore, pcn }) => {
        const events = await recordedHistory(history.commands, history.policy);
        // Reports as of any instant of the history, so it keeps every case (retention has its own property).
        const { state, regrouped, restored } = projectedEveryWay(keepingAll, events);
        const pcnId = pcn === null ? undefined : history.pcnIds[pcn % history.pcnIds.length];
        for (const pick of asOfPicks) {
          const asOf = asOfWithin(events, pick);
          const from = fromDaysBefore === null ? null : Date.parse(asOf) - fromDaysBefore * 86_400_000;
          const options = {
            asOf,
            ...(from === null ? {} : { from: new Date(from).toISOString() }),
            ...(pcnId === undefined ? {} : { pcnId }),
          };
          const mix = right(referralSourceMix(state, options));
          const expected = referenceMix(events, from, Date.parse(asOf), pcnId);
          expect(mix.all).toEqual(expected.all);
          expect(mix.rows).toEqual(expected.rows);
          expect(mix.medicalRoute).toEqual(expected.medical);
          expect(mix.snomed.map((code) => code.count)).toEqual(expected.snomed);
          expect(right(referralSourceMix(regrouped, options))).toEqual(mix);
          expect(right(referralSourceMix(restored, options))).toEqual(mix);
        }
      }),
      { numRuns: 100 },
    );
  });
});

// ---- Retention: ended cases folded into monthly tallies answer exactly as their detail did. ----

describe("referral sources: retention", () => {
  it("keeps ended cases 92 days by default and refuses a bad retentionDays, naming it", () => {
    expect(DEFAULT_RETENTION_DAYS).toBe(92);
    expect(projection.initialState().settings.retentionDays).toBe(92);
    expect(projection.initialState().retention.days).toBe(92);
    for (const bad of [-1, 1.5, "forever"]) {
      expect(refusedPaths(referralSourcesProjection({ retentionDays: bad as never }))).toEqual(["retentionDays"]);
    }
  });

  it("folds the cases that ended before the horizon, answers as before from it, and refuses earlier reports", async () => {
    const events = await recordedHistory(scenario);
    // Latest event 02-05 09:00, so the horizon is 02-02 09:00: s2 (declined 01-09), s3 (declined 01-07) and s4 (rejected 01-08) fold.
    const folding = right(referralSourcesProjection({ retentionDays: 3 }));
    const state = project(folding, events);
    const everything = project(keepingAll, events);
    expect(state.retention.horizon).toBe(Date.parse("2024-02-02T09:00:00Z"));
    expect([...state.cases.keys()].sort()).toEqual(["case_s1", "case_s5", "case_s6", "case_s7", "case_s8", "case_s9"]);
    for (const options of [{}, { from: "2024-01-01T00:00:00Z" }, { from: "2024-02-03T00:00:00Z" }, { pcnId: "U00001" }]) {
      expect(right(referralSourceMix(state, options))).toEqual(right(referralSourceMix(everything, options)));
    }
    expect(right(referralSourceMix(state, { from: "2024-01-01T00:00:00Z" })).all).toMatchObject({ referrals: 9, declined: 2, rejected: 1 });
    // The February cohort has none of the folded January cases.
    expect(right(referralSourceMix(state, { from: "2024-02-01T00:00:00Z" })).all.referrals).toBe(1);
    expect(refusedPaths(referralSourceMix(state, { asOf: "2024-01-31T23:59:59Z" }))).toEqual(["asOf"]);
    expect(refusedPaths(referralSourceMix(state, { from: "2024-01-15T00:00:00Z" }))).toEqual(["from"]);
  });

  it("round-trips a folded state and refuses a snapshot taken under another retention", async () => {
    const events = await recordedHistory(scenario);
    const folding = right(referralSourcesProjection({ retentionDays: 3 }));
    const codec = folding.codec!;
    // Snapshot before s8's referral: s9's acceptance (02-02) had moved the horizon to 01-30, folding s2, s3 and s4.
    const cut = events.length - 1;
    const before = project(folding, events.slice(0, cut));
    expect(before.cases.size).toBe(5);
    let resumed = right(codec.decode(codec.encode(before)));
    for (const recorded of events.slice(cut)) resumed = folding.apply(resumed, recorded);
    const uninterrupted = project(folding, events);
    expect(codec.encode(resumed)).toBe(codec.encode(uninterrupted));
    expect(right(referralSourceMix(resumed, { from: "2024-01-01T00:00:00Z" }))).toEqual(
      right(referralSourceMix(uninterrupted, { from: "2024-01-01T00:00:00Z" })),
    );
    const other = right(referralSourcesProjection({ retentionDays: 4 })).codec!;
    const refused = other.decode(codec.encode(uninterrupted));
    expect(refused).toMatchObject({ _tag: "Left" });
    expect(E.isLeft(refused) && refused.left).toContain("retentionDays");
    expect(codec.decode(codec.encode(uninterrupted).replace('"month":"2024-01"', '"month":"2024-13"'))).toMatchObject({ _tag: "Left" });
  });

  it("for random histories and retentions, equals keeping everything for every report it accepts, before and after a snapshot", async () => {
    const generated = fc.record({
      report: arbitraryReportCase(),
      retentionDays: fc.integer({ min: 0, max: 40 }),
      interleaving: fc.constantFrom("recorded", "by stream"),
      cut: fc.nat(),
      monthsBack: fc.integer({ min: 0, max: 8 }),
      pcn: fc.option(fc.nat(), { nil: null }),
    });
    let runs = 0;
    let runsThatFolded = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(generated, async ({ report: { history, asOfPicks }, retentionDays, interleaving, cut, monthsBack, pcn }) => {
        const recorded = await recordedHistory(history.commands, history.policy);
        const events = interleaving === "recorded" ? recorded : groupedByStream(recorded);
        const folding = right(referralSourcesProjection({ retentionDays }));
        const state = project(folding, events);
        const everything = project(keepingAll, events);
        const resumed = resumedFromSnapshot(folding, events, cut);
        runs += 1;
        if (state.cases.size < everything.cases.size) runsThatFolded += 1;

        const pcnId = pcn === null ? undefined : history.pcnIds[pcn % history.pcnIds.length];
        const queries = retentionQueries(events, asOfPicks, state, monthsBack, pcnId);
        for (const report of queries.beforeHorizon) expect(refusedPaths(referralSourceMix(state, report))).toEqual(["asOf"]);
        for (const report of queries.answerable) {
          const expected = right(referralSourceMix(everything, report));
          expect(right(referralSourceMix(state, report))).toEqual(expected);
          expect(right(referralSourceMix(resumed, report))).toEqual(expected);
          compared += 1;
        }
        for (const report of queries.fromInsideAMonth) expect(refusedPaths(referralSourceMix(state, report))).toEqual(["from"]);
      }),
      { numRuns: 60 },
    );
    // Histories span months and cases end within weeks, so about half the runs fold some: the property is not vacuous.
    expect(runsThatFolded).toBeGreaterThan(runs / 4);
    expect(compared).toBeGreaterThan(runs);
  });
});
