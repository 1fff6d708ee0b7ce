import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { standardInstruments, type RecordedEvent } from "@linkwork/core";
import { AssessmentTimepoint } from "@linkwork/core/vocabulary";
import { arbitraryInstrumentAnswers, notErased } from "@linkwork/core/testing";
import {
  outcomesProjection,
  outcomesReport,
  type InstrumentOutcomes,
  type OutcomesProjectionSettingsInput,
  type OutcomesReport,
  type OutcomesState,
  type Projection,
  type ScoreChange,
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
  resumedFromSnapshot,
} from "./read-model-history.js";
import { approximately } from "./approximately.js";

/** The outcomes read model with these settings (the default retention unless told). */
function model(settings: OutcomesProjectionSettingsInput = {}): Projection<OutcomesState> {
  return right(outcomesProjection(settings));
}

/** A case referred and accepted on 2024-01-02, so it can be assessed. */
const opened = (caseId: string) => [
  referral(caseId, "2024-01-02T09:00:00Z", { personId: caseId.replace("case_", "person_") }),
  command("AcceptReferral", "2024-01-02T10:00:00Z", { caseId, linkWorkerId: "lw_w1" }),
];
const assess = (caseId: string, at: string, instrument: string, timepoint: string, items: readonly number[]) =>
  command("AssessWellbeing", at, { caseId, instrument, timepoint, items });
const wemwbs = (answer: number) => Array.from({ length: 14 }, () => answer);

/**
 * ONS4 items: life satisfaction, worthwhile, happiness, anxiety.
 *   c1  baseline [5,6,4,7]  review [6,6,5,6] (03-01)  follow_up [7,7,6,4] (04-01): latest is the follow-up
 *       WEMWBS baseline all 2 (total 28), closure all 3 (total 42)
 *   c2  baseline [4,5,5,8]  closure [4,7,3,8];  UCLA3 baseline [3,3,2] (8), follow_up [2,2,2] (6)
 *   c3  baseline [6,6,6,5]  no later assessment: awaiting follow-up;  UCLA3 baseline [2,2,2] (6), follow_up [3,3,2] (8)
 *   c4  follow_up [8,8,8,2] only: no baseline
 *   c5  baseline [2,2,2,9], a second baseline [9,9,9,0] (ignored), review [3,2,1,9]
 */
const history = [
  ...opened("case_c1"),
  assess("case_c1", "2024-01-03T09:00:00Z", "ONS4", "baseline", [5, 6, 4, 7]),
  assess("case_c1", "2024-01-03T09:30:00Z", "WEMWBS", "baseline", wemwbs(2)),
  assess("case_c1", "2024-03-01T09:00:00Z", "ONS4", "review", [6, 6, 5, 6]),
  assess("case_c1", "2024-04-01T09:00:00Z", "ONS4", "follow_up", [7, 7, 6, 4]),
  assess("case_c1", "2024-04-01T09:30:00Z", "WEMWBS", "closure", wemwbs(3)),
  ...opened("case_c2"),
  assess("case_c2", "2024-01-03T09:00:00Z", "ONS4", "baseline", [4, 5, 5, 8]),
  assess("case_c2", "2024-01-03T09:30:00Z", "UCLA3", "baseline", [3, 3, 2]),
  assess("case_c2", "2024-03-01T09:00:00Z", "ONS4", "closure", [4, 7, 3, 8]),
  assess("case_c2", "2024-03-01T09:30:00Z", "UCLA3", "follow_up", [2, 2, 2]),
  ...opened("case_c3"),
  assess("case_c3", "2024-01-03T09:00:00Z", "ONS4", "baseline", [6, 6, 6, 5]),
  assess("case_c3", "2024-01-03T09:30:00Z", "UCLA3", "baseline", [2, 2, 2]),
  assess("case_c3", "2024-03-01T09:30:00Z", "UCLA3", "follow_up", [3, 3, 2]),
  ...opened("case_c4"),
  assess("case_c4", "2024-03-01T09:00:00Z", "ONS4", "follow_up", [8, 8, 8, 2]),
  ...opened("case_c5"),
  assess("case_c5", "2024-01-03T09:00:00Z", "ONS4", "baseline", [2, 2, 2, 9]),
  assess("case_c5", "2024-01-04T09:00:00Z", "ONS4", "baseline", [9, 9, 9, 0]),
  assess("case_c5", "2024-03-01T09:00:00Z", "ONS4", "review", [3, 2, 1, 9]),
];

async function reportOf(commands: readonly unknown[], settings: unknown = {}): Promise<OutcomesReport> {
  return right(outcomesReport(project(model(), await recordedHistory(commands)), settings));
}

function instrument(report: OutcomesReport, id: string): InstrumentOutcomes {
  const found = report.instruments.find((entry) => entry.instrument === id);
  if (found === undefined) throw new Error(`no ${id} in the report`);
  return found;
}

function score(outcomes: InstrumentOutcomes, name: string): ScoreChange {
  const found = outcomes.scores.find((entry) => entry.score === name);
  if (found === undefined) throw new Error(`no ${name} in ${outcomes.instrument}`);
  return found;
}

describe("outcomes report: a hand-computed example", () => {
  it("counts episodes, those without a baseline and those awaiting a follow-up", async () => {
    const report = await reportOf(history);
    expect(report.instruments.map((entry) => entry.instrument)).toEqual(["ONS4", "UCLA3", "WEMWBS"]);
    const ons4 = instrument(report, "ONS4");
    expect({ episodes: ons4.episodes, withoutBaseline: ons4.withoutBaseline, awaitingFollowUp: ons4.awaitingFollowUp }).toEqual({
      episodes: 5,
      withoutBaseline: 1,
      awaitingFollowUp: 1,
    });
    // The four measures, in the instrument's order, never summed.
    expect(ons4.scores.map((entry) => [entry.score, entry.direction])).toEqual([
      ["lifeSatisfaction", "higher_is_better"],
      ["worthwhile", "higher_is_better"],
      ["happiness", "higher_is_better"],
      ["anxiety", "lower_is_better"],
    ]);
  });

  it("pairs each episode's first baseline with its latest later assessment", async () => {
    const ons4 = instrument(await reportOf(history), "ONS4");
    // Pairs: c1 (baseline → follow_up), c2 (→ closure), c5 (first baseline → review).
    // lifeSatisfaction: baseline (5 + 4 + 2) / 3 = 11/3, latest (7 + 4 + 3) / 3 = 14/3, changes +2, 0, +1: mean 1.
    const life = score(ons4, "lifeSatisfaction");
    expect(life.pairs).toBe(3);
    expect(life.meanBaseline).toBeCloseTo(11 / 3, 12);
    expect(life.meanLatest).toBeCloseTo(14 / 3, 12);
    expect(life.meanChange).toMatchObject({ kind: "estimate", estimate: 1, n: 3 });
    if (life.meanChange.kind === "estimate") {
      // Every resample's mean lies between the smallest and largest change.
      expect(life.meanChange.lower).toBeGreaterThanOrEqual(0);
      expect(life.meanChange.upper).toBeLessThanOrEqual(2);
    }
    expect([life.improved, life.worse, life.unchanged]).toEqual([
      { count: 2, share: 2 / 3 },
      { count: 0, share: 0 },
      { count: 1, share: 1 / 3 },
    ]);
    // happiness: changes +2, −2, −1: mean −1/3; one improved, two worse.
    const happiness = score(ons4, "happiness");
    expect(happiness.meanChange.kind === "estimate" && happiness.meanChange.estimate).toBeCloseTo(-1 / 3, 12);
    expect([happiness.improved?.count, happiness.worse?.count, happiness.unchanged.count]).toEqual([1, 2, 0]);
  });

  it("reads lower as better for ONS4 anxiety and UCLA-3 loneliness", async () => {
    const report = await reportOf(history);
    // anxiety: baseline (7 + 8 + 9) / 3 = 8, latest (4 + 8 + 9) / 3 = 7, changes −3, 0, 0: c1 improved, two unchanged.
    const anxiety = score(instrument(report, "ONS4"), "anxiety");
    expect([anxiety.meanBaseline, anxiety.meanLatest]).toEqual([8, 7]);
    expect(anxiety.meanChange).toMatchObject({ kind: "estimate", estimate: -1 });
    expect([anxiety.improved?.count, anxiety.worse?.count, anxiety.unchanged.count]).toEqual([1, 0, 2]);
    // UCLA3 total: c2 8 → 6 (less lonely: improved), c3 6 → 8 (worse). Means 7 and 7, change 0.
    const loneliness = score(instrument(report, "UCLA3"), "total");
    expect(loneliness).toMatchObject({ direction: "lower_is_better", pairs: 2, meanBaseline: 7, meanLatest: 7 });
    expect(loneliness.meanChange).toMatchObject({ kind: "estimate", estimate: 0 });
    expect([loneliness.improved, loneliness.worse, loneliness.unchanged]).toEqual([
      { count: 1, share: 0.5 },
      { count: 1, share: 0.5 },
      { count: 0, share: 0 },
    ]);
  });

  it("reports the means of a single pair but no interval", async () => {
    // WEMWBS: c1 alone, total 28 → 42.
    const total = score(instrument(await reportOf(history), "WEMWBS"), "total");
    expect(total).toMatchObject({ pairs: 1, meanBaseline: 28, meanLatest: 42, improved: { count: 1, share: 1 } });
    expect(total.meanChange).toMatchObject({ kind: "insufficient-data", reason: "too-few-observations", n: 1 });
  });

  it("reports what was known as of an earlier instant", async () => {
    // On 2024-03-15 c1's latest ONS4 is the review [6,6,5,6]: lifeSatisfaction changes +1 (c1), 0 (c2), +1 (c5): mean 2/3.
    // UCLA3 and WEMWBS: follow-ups of 03-01 count, the WEMWBS closure of 04-01 does not yet.
    const report = await reportOf(history, { asOf: "2024-03-15T00:00:00Z" });
    const life = score(instrument(report, "ONS4"), "lifeSatisfaction");
    expect(life.meanChange.kind === "estimate" && life.meanChange.estimate).toBeCloseTo(2 / 3, 12);
    expect(instrument(report, "WEMWBS")).toMatchObject({ episodes: 1, awaitingFollowUp: 1 });
    expect(score(instrument(report, "WEMWBS"), "total").pairs).toBe(0);
    expect(score(instrument(report, "WEMWBS"), "total").meanBaseline).toBeNull();
    // Before any assessment, there is nothing to report on.
    expect((await reportOf(history, { asOf: "2024-01-02T12:00:00Z" })).instruments).toEqual([]);
  });

  it("says in its notes that the changes are not a controlled effect", async () => {
    const notes = (await reportOf(history)).notes.join(" ");
    expect(notes).toMatch(/without a comparison group/);
    expect(notes).toMatch(/regression to the mean/);
    expect(notes).toMatch(/awaiting a follow-up are counted apart, not as unchanged/);
  });
});

/** A WellbeingAssessed event as a licensed instrument (not in the standard registry) would record it. */
function assessed(
  caseId: string,
  position: number,
  at: string,
  instrumentId: string,
  timepoint: string,
  scores: Record<string, number>,
): RecordedEvent {
  return {
    streamId: `case-${caseId}`,
    streamVersion: position,
    position: BigInt(position),
    event: {
      type: "WellbeingAssessed",
      schemaVersion: 1,
      data: {
        instrument: instrumentId,
        instrumentVersion: "1+table-2024",
        timepoint: AssessmentTimepoint.parse(timepoint),
        items: [1],
        scores,
      },
      metadata: {
        eventId: "01890000-0000-7000-8000-000000000000",
        occurredAt: at,
        recordedBy: "lw_w1",
        correlationId: "01890000-0000-7000-8000-000000000001",
        causationId: "01890000-0000-7000-8000-000000000001",
      },
    },
  };
}

describe("outcomes report: licensed instruments and settings", () => {
  const licensed = [
    assessed("case_k1", 1, "2024-01-01T09:00:00Z", "SWEMWBS", "baseline", { raw: 20, metric: 19.25 }),
    assessed("case_k1", 2, "2024-02-01T09:00:00Z", "SWEMWBS", "follow_up", { raw: 24, metric: 22.5 }),
    assessed("case_k2", 3, "2024-01-01T09:00:00Z", "SWEMWBS", "baseline", { raw: 18, metric: 17.5 }),
    assessed("case_k2", 4, "2024-02-01T09:00:00Z", "SWEMWBS", "follow_up", { raw: 18, metric: 17.5 }),
    assessed("case_k1", 5, "2024-01-01T09:30:00Z", "MYCAW", "baseline", { concern1: 5, wellbeing: 4 }),
    assessed("case_k1", 6, "2024-02-01T09:30:00Z", "MYCAW", "review", { concern1: 2, wellbeing: 3 }),
  ];

  it("reports the SWEMWBS metric score beside the raw score when the licensed table recorded it", () => {
    const swemwbs = instrument(right(outcomesReport(project(model(), licensed))), "SWEMWBS");
    expect(swemwbs.scores.map((entry) => entry.score)).toEqual(["raw", "metric"]);
    // metric: baseline (19.25 + 17.5) / 2 = 18.375, latest (22.5 + 17.5) / 2 = 20, change +1.625.
    expect(score(swemwbs, "metric")).toMatchObject({ pairs: 2, meanBaseline: 18.375, meanLatest: 20, improved: { count: 1, share: 0.5 } });
    expect(score(swemwbs, "metric").meanChange).toMatchObject({ kind: "estimate", estimate: 1.625 });
  });

  it("leaves improved and worse out for a score of unknown direction, and takes a direction from the settings", () => {
    const state = project(model(), licensed);
    const unknown = right(outcomesReport(state));
    expect(score(instrument(unknown, "MYCAW"), "concern1")).toMatchObject({
      direction: "unknown",
      improved: null,
      worse: null,
      unchanged: { count: 0, share: 0 },
    });
    expect(unknown.notes.some((note) => note.includes("MYCAW.concern1, MYCAW.wellbeing"))).toBe(true);
    const known = right(outcomesReport(state, { directions: { MYCAW: { concern1: "lower_is_better", wellbeing: "higher_is_better" } } }));
    expect(score(instrument(known, "MYCAW"), "concern1")).toMatchObject({ direction: "lower_is_better", improved: { count: 1, share: 1 } });
    expect(score(instrument(known, "MYCAW"), "wellbeing")).toMatchObject({ direction: "higher_is_better", worse: { count: 1, share: 1 } });
  });

  it("refuses bad settings with a VALIDATION_FAILED error naming the field", () => {
    const state = project(model(), licensed);
    expect(refusedPaths(outcomesReport(state, { seed: "one" }))).toEqual(["seed"]);
    expect(refusedPaths(outcomesReport(state, { resamples: 1_000_000 }))).toEqual(["resamples"]);
    expect(refusedPaths(outcomesReport(state, { confidence: 0 }))).toEqual(["confidence"]);
    expect(refusedPaths(outcomesReport(state, { directions: { MYCAW: { concern1: "down" } } }))).toEqual(["directions.MYCAW.concern1"]);
    expect(refusedPaths(outcomesReport(state, { asOf: "2024-02-01" }))).toEqual(["asOf"]);
    expect(refusedPaths(outcomesReport(state, { instrument: "ONS4" }))).toEqual(["(root)"]);
    expect(refusedPaths(outcomesReport(model().initialState()))).toEqual(["asOf"]);
  });

  it("gives the same report from a decoded snapshot, and refuses a damaged one", () => {
    const state = project(model(), licensed);
    const codec = model().codec!;
    const decoded = right(codec.decode(codec.encode(state)));
    expect(right(outcomesReport(decoded))).toEqual(right(outcomesReport(state)));
    expect(E.isLeft(codec.decode("{"))).toBe(true);
    const damaged = { retentionDays: 92, horizon: null, latestOccurredAt: null, cases: [["case_k1", null, "not a list"]], folded: [] };
    expect(E.isLeft(codec.decode(JSON.stringify(damaged)))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: the projection and report agree with a plain recomputation from the list of events.

/** Directions written out again, independently of the read model's table. */
const lowerIsBetter = new Set(["ONS4.anxiety", "UCLA3.total"]);

/**
 * From the definitions: per case and instrument, walk the case's events in order; the first
 * baseline opens the pair and every later non-baseline assessment replaces its second half.
 */
function referenceOutcomes(events: readonly RecordedEvent[], asOf: number) {
  const episodes = new Map<string, { baseline?: Record<string, number>; latest?: Record<string, number> }>(); // `${instrument}|${case}`
  for (const { streamId, event } of events) {
    if (event.type !== "WellbeingAssessed" || Date.parse(event.metadata.occurredAt) > asOf) continue;
    const key = `${event.data.instrument}|${streamId}`;
    const episode = episodes.get(key) ?? {};
    if (event.data.timepoint === "baseline") episode.baseline ??= notErased(event.data.scores);
    else if (episode.baseline !== undefined) episode.latest = notErased(event.data.scores);
    episodes.set(key, episode);
  }
  const result: Record<string, unknown> = {};
  const instruments = new Set([...episodes.keys()].map((key) => key.split("|")[0] as string));
  for (const id of instruments) {
    const mine = [...episodes.entries()].filter(([key]) => key.startsWith(`${id}|`)).map(([, episode]) => episode);
    const scores: Record<string, unknown> = {};
    for (const name of new Set(mine.flatMap((episode) => Object.keys(episode.baseline ?? {})))) {
      const pairs = mine.flatMap((episode) =>
        episode.baseline?.[name] !== undefined && episode.latest?.[name] !== undefined
          ? [[episode.baseline[name], episode.latest[name]] as const]
          : [],
      );
      const n = pairs.length;
      const average = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
      const lower = lowerIsBetter.has(`${id}.${name}`);
      const better = pairs.filter(([before, after]) => (lower ? after < before : after > before)).length;
      const worse = pairs.filter(([before, after]) => (lower ? after > before : after < before)).length;
      scores[name] = {
        pairs: n,
        meanBaseline: average(pairs.map(([before]) => before)),
        meanLatest: average(pairs.map(([, after]) => after)),
        meanChange: n < 2 ? "too-few-observations" : average(pairs.map(([before, after]) => after - before)),
        improved: better,
        worse,
        unchanged: n - better - worse,
      };
    }
    result[id] = {
      episodes: mine.length,
      withoutBaseline: mine.filter((episode) => episode.baseline === undefined).length,
      awaitingFollowUp: mine.filter((episode) => episode.baseline !== undefined && episode.latest === undefined).length,
      scores,
    };
  }
  return result;
}

function comparable(report: OutcomesReport) {
  return Object.fromEntries(
    report.instruments.map((entry) => [
      entry.instrument,
      {
        episodes: entry.episodes,
        withoutBaseline: entry.withoutBaseline,
        awaitingFollowUp: entry.awaitingFollowUp,
        scores: Object.fromEntries(
          entry.scores.map((change) => [
            change.score,
            {
              pairs: change.pairs,
              meanBaseline: change.meanBaseline,
              meanLatest: change.meanLatest,
              meanChange: change.meanChange.kind === "estimate" ? change.meanChange.estimate : change.meanChange.reason,
              improved: change.improved?.count,
              worse: change.worse?.count,
              unchanged: change.unchanged.count,
            },
          ]),
        ),
      },
    ]),
  );
}

const BASE_MS = Date.parse("2024-01-01T09:00:00Z");
const instant = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

const arbitraryEpisode = fc.array(
  fc.record({
    afterHours: fc.integer({ min: 0, max: 24 * 20 }),
    timepoint: fc.constantFrom(...AssessmentTimepoint.options),
    answers: arbitraryInstrumentAnswers(standardInstruments),
  }),
  { maxLength: 7 },
);

function commandsFor(episodes: readonly (typeof arbitraryEpisode extends fc.Arbitrary<infer T> ? T : never)[]): unknown[] {
  return episodes.flatMap((assessments, index) => {
    const caseId = `case_c${String(index)}`;
    let at = BASE_MS + index * 3_600_000;
    const commands: unknown[] = [
      referral(caseId, instant(at), { personId: `person_p${String(index)}` }),
      command("AcceptReferral", instant(at + 60_000), { caseId, linkWorkerId: "lw_w1" }),
    ];
    at += 60_000;
    for (const step of assessments) {
      at += step.afterHours * 3_600_000;
      commands.push(
        command("AssessWellbeing", instant(at), {
          caseId,
          instrument: step.answers.instrument.id,
          timepoint: step.timepoint,
          items: step.answers.answers,
        }),
      );
    }
    return commands;
  });
}

describe("outcomes report: property", () => {
  it("agrees with a recomputation from the full list of events, as of any instant, and survives a snapshot", async () => {
    // Reports as of any instant, however old: the read model keeps every case ("all").
    const projection = model({ retentionDays: "all" });
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryEpisode, { minLength: 1, maxLength: 10 }),
        fc.option(fc.integer({ min: 0, max: 24 * 200 }), { nil: null }),
        fc.nat(),
        async (episodes, asOfHours, cut) => {
          const events = await recordedHistory(commandsFor(episodes));
          const latest = Math.max(...events.map((recorded) => Date.parse(recorded.event.metadata.occurredAt)));
          const asOf = asOfHours === null ? latest : BASE_MS + asOfHours * 3_600_000;
          const settings = asOfHours === null ? { resamples: 20 } : { resamples: 20, asOf: new Date(asOf).toISOString() };
          const report = right(outcomesReport(project(projection, events), settings));
          expect(comparable(report)).toEqual(approximately(referenceOutcomes(events, asOf)));

          const resumed = resumedFromSnapshot(projection, events, cut);
          expect(right(outcomesReport(resumed, settings))).toEqual(report);
        },
      ),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Retention: cases ended before the horizon are folded into tallies, and reports stay exact.

describe("outcomes read model: retention settings", () => {
  it("keeps ended cases for 92 days by default and refuses a bad retentionDays naming it", () => {
    expect(model().initialState().retention.days).toBe(92);
    expect(model({ retentionDays: 7 }).initialState().retention.days).toBe(7);
    expect(model({ retentionDays: "all" }).initialState().retention.days).toBe("all");
    for (const retentionDays of [-1, 1.5, "forever", null]) {
      expect(refusedPaths(outcomesProjection({ retentionDays } as unknown as OutcomesProjectionSettingsInput))).toEqual(["retentionDays"]);
    }
    expect(refusedPaths(outcomesProjection({ keep: 3 } as unknown as OutcomesProjectionSettingsInput))).toEqual(["(root)"]);
  });

  it("refuses to decode a snapshot taken with another retentionDays", () => {
    const state = project(model({ retentionDays: 10 }), []);
    const decoded = model({ retentionDays: 20 }).codec!.decode(model({ retentionDays: 10 }).codec!.encode(state));
    expect(E.isLeft(decoded) && decoded.left).toMatch(/retentionDays/);
    expect(E.isRight(model({ retentionDays: 10 }).codec!.decode(model({ retentionDays: 10 }).codec!.encode(state)))).toBe(true);
  });
});

describe("outcomes read model: folding an ended case", () => {
  /** c1 closed on 2024-02-01; c2 still open and assessed on 2024-06-01, so the 30-day horizon passes c1's end. */
  const folding = [
    ...opened("case_c1"),
    assess("case_c1", "2024-01-03T09:00:00Z", "ONS4", "baseline", [5, 6, 4, 7]),
    assess("case_c1", "2024-01-20T09:00:00Z", "ONS4", "follow_up", [7, 7, 6, 4]),
    command("CloseCase", "2024-02-01T09:00:00Z", { caseId: "case_c1", reason: "goals_met", notifyReferrer: false }),
    ...opened("case_c2"),
    assess("case_c2", "2024-01-03T09:00:00Z", "ONS4", "baseline", [4, 5, 5, 8]),
    assess("case_c2", "2024-06-01T09:00:00Z", "ONS4", "review", [4, 7, 3, 8]),
  ];

  it("forgets the case's detail, keeps its paired values, and answers as the unfolded model does", async () => {
    const events = await recordedHistory(folding);
    const folded = project(model({ retentionDays: 30 }), events);
    const kept = project(model({ retentionDays: "all" }), events);
    expect([...folded.cases.keys()]).toEqual(["case_c2"]);
    expect(folded.folded.get("ONS4")).toMatchObject({ episodes: 1, withoutBaseline: 0, awaitingFollowUp: 0 });
    for (const asOf of [undefined, "2024-05-02T09:00:00Z", "2024-06-01T09:00:00Z"]) {
      const settings = asOf === undefined ? {} : { asOf };
      expect(right(outcomesReport(folded, settings))).toEqual(right(outcomesReport(kept, settings)));
    }
    const life = score(instrument(right(outcomesReport(folded)), "ONS4"), "lifeSatisfaction");
    expect(life).toMatchObject({ pairs: 2, meanBaseline: 4.5, meanLatest: 5.5 });
  });

  it("refuses a report as of an instant before the horizon, naming asOf and the horizon", async () => {
    const folded = project(model({ retentionDays: 30 }), await recordedHistory(folding));
    const refused = outcomesReport(folded, { asOf: "2024-03-01T00:00:00Z" });
    expect(refusedPaths(refused)).toEqual(["asOf"]);
    expect(E.isLeft(refused) && refused.left.message).toMatch(/retention horizon 2024-05-02T09:00:00.000Z/);
  });
});

describe("outcomes read model: retention property", () => {
  it("answers every report as of the horizon or later exactly as with every case kept, whatever the interleaving, after a snapshot", async () => {
    const all = model({ retentionDays: "all" });
    let foldedRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryReportCase(),
        fc.integer({ min: 0, max: 40 }),
        fc.nat(),
        async ({ history, asOfPicks }, retentionDays, cut) => {
          const events = await recordedHistory(history.commands, history.policy);
          const retained = model({ retentionDays });
          const state = project(retained, events);
          const regrouped = project(retained, groupedByStream(events));
          const kept = project(all, events);
          const horizon = state.retention.horizon;
          if (horizon === null) throw new Error("a history with events always has a horizon");
          if (state.folded.size > 0) foldedRuns += 1;

          const same = (asOf: string) => {
            const settings = { asOf, resamples: 25 };
            const expected = right(outcomesReport(kept, settings));
            expect(right(outcomesReport(state, settings))).toEqual(expected);
            if (Date.parse(asOf) >= (regrouped.retention.horizon ?? -Infinity)) {
              expect(right(outcomesReport(regrouped, settings))).toEqual(expected);
            }
          };
          same(new Date(horizon).toISOString());
          expect(right(outcomesReport(state, { resamples: 25 }))).toEqual(right(outcomesReport(kept, { resamples: 25 })));
          for (const pick of asOfPicks) {
            const asOf = asOfWithin(events, pick);
            if (Date.parse(asOf) >= horizon) same(asOf);
            else expect(refusedPaths(outcomesReport(state, { asOf }))).toEqual(["asOf"]);
          }

          // A snapshot of a folded state, decoded and continued, is the uninterrupted state.
          const codec = retained.codec!;
          const resumed = resumedFromSnapshot(retained, events, cut);
          expect(codec.encode(resumed)).toEqual(codec.encode(state));
          expect(right(outcomesReport(resumed, { resamples: 25 }))).toEqual(right(outcomesReport(state, { resamples: 25 })));
        },
      ),
      { numRuns: 60 },
    );
    // Folding really happened in a good share of the runs, so the property is not vacuous.
    expect(foldedRuns).toBeGreaterThan(10);
  });
});
