import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { z } from "zod";
import {
  medicalReferralSources,
  OpaqueId,
  ReferralSource,
  snomed,
  validationFailed,
  type DomainError,
  type RecordedEvent,
  type SnomedCode,
} from "@linkwork/core";
import type { Projection } from "../projection.js";
import { monthOf, monthStart } from "./calendar-month.js";
import { CaseMilestonesJson, endedAt, trackCaseMilestones, type CaseMilestones } from "./case-milestones.js";
import { intern, internedIdList, internedIds, type InternedIds } from "./interned-ids.js";
import { addToMonthlyTally, monthlyTallies, type MonthlyTallies } from "./monthly-tallies.js";
import { happenedBy, PeriodOptions, reportPeriod, withinPeriod } from "./report-period.js";
import { applyRetaining, createRetention, periodRetained, restoreRetention, RetentionDays, type Retention } from "./retention.js";
import { snapshotCodec } from "./snapshot-codec.js";

export const ReferralSourceSettings = z.strictObject({
  /** Routes reported as the medical route; national reporting's list by default. */
  medicalSources: z.array(ReferralSource).default([...medicalReferralSources]),
  /** How long an ended case keeps its detail before it is folded into the monthly tallies (`retention.ts`). */
  retentionDays: RetentionDays,
});
export type ReferralSourceSettings = z.output<typeof ReferralSourceSettings>;
export type ReferralSourceSettingsInput = z.input<typeof ReferralSourceSettings>;

/**
 * What became of the referrals of cases folded away, per UTC month of the referral, PCN and source:
 * each case ended before the retention horizon, so every report as of the horizon or later sees all
 * of it, and these counters are all such a report needs of it.
 */
export interface FoldedReferrals {
  readonly pcns: InternedIds;
  /** Cell `pcn number * sources + source index`; counters in `foldedCounters` order. */
  readonly tallies: MonthlyTallies;
}

export interface ReferralSourceState {
  readonly settings: ReferralSourceSettings;
  /** Cases not folded yet: open, or ended at or after the retention horizon (or not yet passed by it). */
  readonly cases: Map<string, CaseMilestones>;
  readonly retention: Retention;
  readonly folded: FoldedReferrals;
  latestOccurredAt: number | null;
}

export const ReferralSourceOptions = PeriodOptions.extend({
  /** Only referrals into this PCN. */
  pcnId: OpaqueId.optional(),
});
export type ReferralSourceOptions = z.input<typeof ReferralSourceOptions>;

/**
 * What became of the referrals received in the period, as of asOf. Each referral counts once per
 * figure: a person who accepted and later declined counts as accepted and as declined.
 */
export interface ReferralFigures {
  readonly referrals: number;
  /** Referrals accepted by asOf (the episode's SNOMED 871731000000106). */
  readonly accepted: number;
  /** Referrals the person declined by asOf, before or after acceptance. */
  readonly declined: number;
  readonly rejected: number;
  /** Neither accepted, declined nor rejected by asOf. */
  readonly awaitingDecision: number;
  /** accepted / referrals. */
  readonly acceptanceRate: number | null;
  /** declined / people who decided (accepted or declined, each person once). */
  readonly declineRate: number | null;
}

export interface ReferralSourceRow extends ReferralFigures {
  readonly source: ReferralSource;
  readonly medicalRoute: boolean;
  /** This source's referrals / all referrals. */
  readonly share: number | null;
}

export interface SnomedCount {
  readonly code: SnomedCode;
  readonly concept: string;
  readonly count: number;
}

export interface ReferralSourceReport {
  readonly asOf: string;
  readonly from: string | null;
  readonly pcnId: string | null;
  readonly all: ReferralFigures;
  /** Every source of the vocabulary, zeros included, in the vocabulary's order. */
  readonly rows: readonly ReferralSourceRow[];
  readonly medicalRoute: { readonly sources: readonly ReferralSource[]; readonly referrals: number; readonly share: number | null };
  /** The codes these referrals put in GP records: accepted once per episode, and declines. */
  readonly snomed: readonly SnomedCount[];
}

/** The counters each folded cell keeps, in order; `awaitingDecision` follows from them. */
const foldedCounters = ["referrals", "accepted", "declined", "rejected", "decided"] as const;
type Tally = Record<(typeof foldedCounters)[number], number>;

const sources = ReferralSource.options;
const sourceNumbers = new Map(sources.map((source, index) => [source, index]));

const emptyTally = (): Tally => ({ referrals: 0, accepted: 0, declined: 0, rejected: 0, decided: 0 });

/** Adds one referral, as it stood at asOf, to a tally. */
function tallyCase(tally: Tally, milestones: CaseMilestones, asOf: number): void {
  const isAccepted = happenedBy(milestones.acceptedAt, asOf);
  const isDeclined = happenedBy(milestones.declinedAt, asOf);
  tally.referrals += 1;
  if (isAccepted) tally.accepted += 1;
  if (isDeclined) tally.declined += 1;
  if (isAccepted || isDeclined) tally.decided += 1;
  if (happenedBy(milestones.rejectedAt, asOf)) tally.rejected += 1;
}

function fold(state: ReferralSourceState, caseId: string): void {
  const milestones = state.cases.get(caseId);
  if (milestones === undefined) return;
  // Everything of an ended case happened before it ended, hence before the horizon and any asOf a
  // report may take: it counts as it stands now.
  const tally = emptyTally();
  tallyCase(tally, milestones, Number.POSITIVE_INFINITY);
  const cell = intern(state.folded.pcns, milestones.pcnId) * sources.length + (sourceNumbers.get(milestones.source) ?? 0);
  addToMonthlyTally(
    state.folded.tallies,
    monthOf(milestones.referredAt),
    cell,
    foldedCounters.map((counter) => tally[counter]),
  );
  state.cases.delete(caseId);
}

function applyEvent(state: ReferralSourceState, recorded: RecordedEvent): void {
  trackCaseMilestones(state.cases, recorded, state.retention);
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function figures(tally: Tally): ReferralFigures {
  return {
    referrals: tally.referrals,
    accepted: tally.accepted,
    declined: tally.declined,
    rejected: tally.rejected,
    awaitingDecision: tally.referrals - tally.decided - tally.rejected,
    acceptanceRate: ratio(tally.accepted, tally.referrals),
    declineRate: ratio(tally.declined, tally.decided),
  };
}

/** Adds the folded referrals of the months starting at or after `from` (all when null), of one PCN when given. */
function addFolded(bySource: readonly Tally[], folded: FoldedReferrals, from: number | null, pcnId: string | undefined): void {
  const pcn = pcnId === undefined ? undefined : folded.pcns.get(pcnId);
  if (pcnId !== undefined && pcn === undefined) return;
  const { counters, months } = folded.tallies;
  for (const [month, grid] of months) {
    if (from !== null && monthStart(month) < from) continue;
    const first = pcn === undefined ? 0 : pcn * sources.length;
    const last = pcn === undefined ? grid.length / counters : first + sources.length;
    for (let cell = first; cell < last; cell += 1) {
      const tally = bySource[cell % sources.length];
      if (tally === undefined) continue;
      foldedCounters.forEach((counter, index) => {
        tally[counter] += grid[cell * counters + index] ?? 0;
      });
    }
  }
}

/** Where referrals received in the period came from, and what became of them by asOf. */
export function referralSourceMix(
  state: ReferralSourceState,
  options: ReferralSourceOptions = {},
): E.Either<DomainError, ReferralSourceReport> {
  return pipe(
    reportPeriod(ReferralSourceOptions, options, state.latestOccurredAt),
    E.chainFirst(({ period }) => periodRetained(state.retention, period)),
    E.map(({ options: { pcnId }, period }) => {
      const bySource = sources.map(emptyTally);
      for (const milestones of state.cases.values()) {
        if (!withinPeriod(milestones.referredAt, period) || (pcnId !== undefined && milestones.pcnId !== pcnId)) continue;
        const tally = bySource[sourceNumbers.get(milestones.source) ?? 0];
        if (tally !== undefined) tallyCase(tally, milestones, period.asOf);
      }
      addFolded(bySource, state.folded, period.from, pcnId);
      const total = emptyTally();
      for (const tally of bySource) for (const counter of foldedCounters) total[counter] += tally[counter];
      const { medicalSources } = state.settings;
      const rows = sources.map((source, index): ReferralSourceRow => {
        const fromSource = figures(bySource[index] ?? emptyTally());
        return {
          source,
          medicalRoute: medicalSources.includes(source),
          share: ratio(fromSource.referrals, total.referrals),
          ...fromSource,
        };
      });
      const medical = rows.reduce((sum, row) => (row.medicalRoute ? sum + row.referrals : sum), 0);
      const all = figures(total);
      return {
        asOf: new Date(period.asOf).toISOString(),
        from: period.from === null ? null : new Date(period.from).toISOString(),
        pcnId: pcnId ?? null,
        all,
        rows,
        medicalRoute: { sources: medicalSources, referrals: medical, share: ratio(medical, total.referrals) },
        snomed: [
          { code: snomed.referralToSocialPrescribingService, concept: "Referral to social prescribing service", count: all.accepted },
          { code: snomed.socialPrescribingDeclined, concept: "Social prescribing declined", count: all.declined },
        ],
      };
    }),
  );
}

const MonthJson = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month is written YYYY-MM");
const Count = z.number().int().min(0);

/** One folded cell in a snapshot: a month, PCN and source with its counters (cells never folded into are left out). */
const FoldedCellJson = z.object({
  month: MonthJson,
  pcnId: z.string(),
  source: ReferralSource,
  referrals: Count,
  accepted: Count,
  declined: Count,
  rejected: Count,
  decided: Count,
});
type FoldedCellJson = z.infer<typeof FoldedCellJson>;

function foldedCells(folded: FoldedReferrals): FoldedCellJson[] {
  const cells: FoldedCellJson[] = [];
  const pcnIds = internedIdList(folded.pcns);
  const { counters, months } = folded.tallies;
  for (const [month, grid] of months) {
    for (let cell = 0; cell * counters < grid.length; cell += 1) {
      const pcnId = pcnIds[Math.floor(cell / sources.length)];
      const source = sources[cell % sources.length];
      const at = (index: number) => grid[cell * counters + index] ?? 0;
      // Every folded case adds a referral, so a cell without one was never folded into.
      if (pcnId === undefined || source === undefined || at(0) === 0) continue;
      cells.push({ month, pcnId, source, referrals: at(0), accepted: at(1), declined: at(2), rejected: at(3), decided: at(4) });
    }
  }
  return cells;
}

function restoredFolded(cells: readonly FoldedCellJson[]): FoldedReferrals {
  const folded: FoldedReferrals = { pcns: internedIds(), tallies: monthlyTallies(foldedCounters.length) };
  for (const cell of cells) {
    const number = intern(folded.pcns, cell.pcnId) * sources.length + (sourceNumbers.get(cell.source) ?? 0);
    addToMonthlyTally(
      folded.tallies,
      cell.month,
      number,
      foldedCounters.map((counter) => cell[counter]),
    );
  }
  return folded;
}

/**
 * The referral sources read model: the mix of referral routes, acceptance and decline rates per
 * route, the SNOMED-coded counts and the medical route's share.
 */
export function referralSourcesProjection(
  settings: ReferralSourceSettingsInput = {},
): E.Either<DomainError, Projection<ReferralSourceState>> {
  const parsed = ReferralSourceSettings.safeParse(settings);
  if (!parsed.success) return E.left(validationFailed("referral source settings", parsed.error));
  const resolved = parsed.data;
  // A snapshot taken under another retention holds other cases in detail: refuse it, readably.
  const ReferralSourceJson = z.object({
    retentionDays: z.literal(resolved.retentionDays),
    horizon: z.number().int().nullable(),
    cases: z.array(z.tuple([z.string(), CaseMilestonesJson])),
    folded: z.array(FoldedCellJson),
    latestOccurredAt: z.number().int().nullable(),
  });
  type ReferralSourceJson = z.infer<typeof ReferralSourceJson>;
  return E.right({
    name: "referral-sources",
    version: 2,
    initialState: () => ({
      settings: resolved,
      cases: new Map(),
      retention: createRetention(resolved.retentionDays),
      folded: { pcns: internedIds(), tallies: monthlyTallies(foldedCounters.length) },
      latestOccurredAt: null,
    }),
    apply: applyRetaining(applyEvent, fold),
    codec: snapshotCodec(
      ReferralSourceJson,
      (state): ReferralSourceJson => ({
        retentionDays: resolved.retentionDays,
        horizon: state.retention.horizon,
        cases: [...state.cases],
        folded: foldedCells(state.folded),
        latestOccurredAt: state.latestOccurredAt,
      }),
      (json) => {
        const cases = new Map<string, CaseMilestones>(json.cases);
        const ended = [...cases].flatMap(([caseId, milestones]): [string, number][] => {
          const end = endedAt(milestones);
          return end === null ? [] : [[caseId, end]];
        });
        return {
          settings: resolved,
          cases,
          retention: restoreRetention(resolved.retentionDays, json.horizon, ended),
          folded: restoredFolded(json.folded),
          latestOccurredAt: json.latestOccurredAt,
        };
      },
    ),
  });
}
