import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { medicalReferralSources, ReferralSource, type RecordedEvent } from "@linkwork/core";
import { referralSourceMix, referralSourcesProjection, type ReferralFigures, type ReferralSourceReport } from "../src/index.js";
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
} from "./read-model-history.js";

const projection = right(referralSourcesProjection());

/**
 * January 2024, PCN a unless said: s1 (GP) accepted; s2 (GP) accepted, then declined; s3 (GP)
 * declined; s4 (self) rejected; s5 (self) accepted; s6 (pharmacy) not yet decided; s7 (VCSE, PCN b)
 * accepted; s9 (GP) referred 01-30 and accepted 02-02. In February: s8 (GP).
 */
const scenario = [
  referral("s1", "2024-01-02T09:00:00Z", { source: "gp" }),
  command("AcceptReferral", "2024-01-03T09:00:00Z", { caseId: "s1", linkWorkerId: "lw-1" }),
  referral("s2", "2024-01-04T09:00:00Z", { source: "gp" }),
  command("AcceptReferral", "2024-01-05T09:00:00Z", { caseId: "s2", linkWorkerId: "lw-1" }),
  command("DeclineSocialPrescribing", "2024-01-09T09:00:00Z", { caseId: "s2", reason: "not_right_time" }),
  referral("s3", "2024-01-06T09:00:00Z", { source: "gp" }),
  command("DeclineSocialPrescribing", "2024-01-07T09:00:00Z", { caseId: "s3", reason: "not_interested" }),
  referral("s4", "2024-01-08T09:00:00Z", { source: "self" }),
  command("RejectReferral", "2024-01-08T10:00:00Z", { caseId: "s4", reason: "outside_area" }),
  referral("s5", "2024-01-10T09:00:00Z", { source: "self" }),
  command("AcceptReferral", "2024-01-11T09:00:00Z", { caseId: "s5", linkWorkerId: "lw-2" }),
  referral("s6", "2024-01-12T09:00:00Z", { source: "pharmacy" }),
  referral("s7", "2024-01-15T09:00:00Z", { source: "vcse", pcnId: "pcn-b" }),
  command("AcceptReferral", "2024-01-16T09:00:00Z", { caseId: "s7", linkWorkerId: "lw-3" }),
  referral("s9", "2024-01-30T09:00:00Z", { source: "gp" }),
  command("AcceptReferral", "2024-02-02T09:00:00Z", { caseId: "s9", linkWorkerId: "lw-1" }),
  referral("s8", "2024-02-05T09:00:00Z", { source: "gp" }),
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
    expect(right(referralSourceMix(state, { ...period, pcnId: "pcn-b" })).all).toEqual({
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
        const state = project(projection, events);
        const regrouped = project(projection, groupedByStream(events));
        const codec = projection.codec!;
        const restored = right(codec.decode(codec.encode(state)));
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
