import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import {
  CalendarDate,
  generalPracticeSchemePolicy,
  openSchemePolicy,
  schemePolicy,
  validationFailed,
  type DomainError,
  type SchemePolicy,
} from "@linkwork/core";
import { earliestOccurredAt } from "@linkwork/core/store-kit";
import { NationalNeed, ReferralSource } from "@linkwork/core/vocabulary";
import { EquitySimulationSettings, largestDeclineMultiplier } from "./equity-model.js";
import { dateOf, midnightOf, monthNumberOf, monthStart } from "./simulation-calendar.js";

/**
 * Everything a simulation run can be told, with defaults from the national picture
 * (docs/simulation.md lists them all). Only the seed is required.
 */

const Probability = z.number().min(0, "must be a probability from 0 to 1").max(1, "must be a probability from 0 to 1");

function wholeRange(lowest: number, highest: number) {
  const bound = z.number().int().min(lowest).max(highest);
  return z.object({ min: bound, max: bound }).refine((range) => range.min <= range.max, { message: "max is below min", path: ["max"] });
}

const FteRange = z
  .object({ min: z.number().gt(0).max(1), max: z.number().gt(0).max(1) })
  .refine((range) => range.min <= range.max, { message: "max is below min", path: ["max"] });

const Weight = z.number().min(0, "weights are 0 or more").max(1_000_000);

export const Scheme = z.enum(["open", "gp-only"]);
export type Scheme = z.infer<typeof Scheme>;

/** PCNs in England, the national network `--scale national` simulates (see `pcns`). */
export const NATIONAL_PCNS = 1250;

export const SimulationSettings = z
  .object({
    /** Same seed, same settings: the same history, byte for byte. A 32-bit signed integer. */
    seed: z.number().int().min(-2_147_483_648).max(2_147_483_647),
    /**
     * Primary Care Networks in the simulated network, up to a national network: "there are around
     * 1,250 PCNs in England" (NHS England, https://www.england.nhs.uk/long-read/primary-care-networks-pcns).
     */
    pcns: z.number().int().min(1).max(NATIONAL_PCNS).default(3),
    /** Length of the run in calendar months from the start date. */
    months: z.number().int().min(1).max(120).default(12),
    /** Months (from the start) during which referrals arrive; the rest of the run lets open cases play out. Default: all of them. */
    intakeMonths: z.number().int().min(1).max(120).optional(),
    /** No earlier than the NHS's first day, as every event's occurredAt (the handler would refuse the run's first command). */
    startDate: CalendarDate.refine((date) => date >= earliestOccurredAt.slice(0, 10), {
      message: `must be no earlier than ${earliestOccurredAt.slice(0, 10)} (the NHS began on 5 July 1948)`,
    }).default("2025-01-01"),
    /** "open" takes every referral route; "gp-only" (GPs and practice staff) runs the core's generalPracticeSchemePolicy. */
    scheme: Scheme.default("open"),
    /** Overrides of the scheme policy's limits (the scheme decides the accepted sources). */
    policy: z
      .object({
        maxContacts: z.number().int().min(1).max(100).optional(),
        episodeLengthDays: z.number().int().min(1).max(3650).optional(),
        contactAttemptsBeforeUnreachable: z.number().int().min(1).max(20).optional(),
        followUpIntervalDays: z.number().int().min(1).max(365).optional(),
      })
      .prefault({}),
    network: z
      .object({
        /** Each PCN's registered list at the start, drawn uniformly from this range (min = max fixes it). */
        registeredPatients: wholeRange(1_000, 2_000_000).default({ min: 30_000, max: 50_000 }),
        /** List growth per year, recorded quarterly. */
        listGrowthPerYear: z.number().min(-0.2).max(0.2).default(0.01),
        practicesPerPcn: wholeRange(1, 20).default({ min: 3, max: 7 }),
        /**
         * A staggered start: each practice starts the service in a month drawn uniformly from this
         * range (months from the run's start; one past the run means not within it). Before its
         * start a practice refers no one: people at a peak there join the comparison pool instead.
         * Absent (the default): every practice offers the service from the start.
         */
        staggeredStartMonths: wholeRange(0, 120).optional(),
      })
      .prefault({}),
    linkWorkers: z
      .object({
        perPcn: wholeRange(1, 30).default({ min: 1, max: 4 }),
        fte: FteRange.default({ min: 0.6, max: 1 }),
        joinProbabilityPerMonth: Probability.default(0.03),
        /** A leaving worker's open cases are reassigned to colleagues first. */
        leaveProbabilityPerMonth: Probability.default(0.02),
        fteChangeProbabilityPerMonth: Probability.default(0.02),
      })
      .prefault({}),
    referrals: z
      .object({
        /** Referrals per year as a share of the registered list (national incentive: 1.2%-1.6%). */
        shareOfListPerYear: z.number().gt(0).max(0.25).default(0.014),
        /** Relative weights of referral routes; default depends on the scheme. */
        sourceMix: z.partialRecord(ReferralSource, Weight).optional(),
        /** Relative weights of the needs named on referrals; default: domain.md section 5 weighted as caseloads report. */
        needsMix: z.partialRecord(NationalNeed, Weight).optional(),
        needsPerReferral: wholeRange(1, 5).default({ min: 1, max: 3 }),
        /** Share of people who agree that the outcome goes back to the referrer. */
        consentToShareOutcome: Probability.default(0.85),
      })
      .prefault({}),
    journeys: z
      .object({
        /** Share of referrals the service rejects (outside eligibility, specialist or safeguarding route...). */
        rejectionRate: Probability.default(0.03),
        /** Share of referrals where the person declines social prescribing (about 11% in 2023). */
        declineRate: Probability.default(0.11),
        /** Share of referrals where the person cannot be reached: attempts fail up to the policy's limit. */
        unreachableRate: Probability.default(0.08),
        /** Share of engaged people who stop responding part way and are closed as disengaged. */
        disengagementRate: Probability.default(0.08),
        /** Sessions per engaged case (conversations and completed follow-ups), capped at the policy's maxContacts. */
        contactsPerCase: wholeRange(1, 100).default({ min: 6, max: 12 }),
        goalsPerPlan: wholeRange(1, 10).default({ min: 1, max: 3 }),
        connectionsPerPlan: wholeRange(0, 10).default({ min: 1, max: 3 }),
        connectionDropOutRate: Probability.default(0.15),
        connectionDidNotAttendRate: Probability.default(0.1),
      })
      .prefault({}),
    providers: z
      .object({
        /** Community providers of each kind of support in a PCN, when it has any. */
        perSupportCategory: wholeRange(1, 10).default({ min: 1, max: 2 }),
        /** Chance that a PCN has no provider at all of a kind of support: needs that only it meets go unmet (no_provision). */
        gapShare: Probability.default(0.15),
        /** New places each provider offers per calendar month; a full provider puts people on a waiting list. */
        placesPerMonth: wholeRange(0, 1_000).default({ min: 4, max: 20 }),
        /** Share of providers that take direct referrals (and report back on them); the rest signpost only. */
        directReferralShare: Probability.default(0.7),
        /** Share of a direct-referral provider's referred connections it reports back on (accepted, attended...). */
        closedLoopShare: Probability.default(0.8),
        /** Share of providers funded for the whole run, by a grant or (one in three) a commission. */
        fundedShare: Probability.default(0.6),
        /** A funded provider's money per place it offers a month, in pence per month (£150 by default). */
        fundingPencePerPlaceMonth: z.number().int().min(1).max(1_000_000).default(15_000),
        /** Share of connections the scheme's activity budget pays something towards (a fee, fares, kit). */
        activitySpendShare: Probability.default(0.1),
      })
      .prefault({}),
    usage: z
      .object({
        /** Months of GP usage recorded before and after each person's index date. */
        windowMonths: z.number().int().min(1).max(36).default(12),
        /** Mean of the personal baseline GP appointment rates (gamma distributed between people). */
        baselineMeanPerYear: z.number().gt(0).max(100).default(5.5),
        /** Gamma shape of the baselines: standard deviation = mean / √shape. */
        baselineShape: z.number().gt(0).max(100).default(2),
        /** Mean extra use during the peak before the index date, as a multiple of the baseline (gamma distributed). */
        peakMultiplierMean: z.number().min(0).max(20).default(1),
        peakShape: z.number().gt(0).max(100).default(2),
        /** Months the peak lasts before the index month. */
        peakBuildUpMonths: wholeRange(1, 12).default({ min: 2, max: 4 }),
        /** E-folding time, in months, of the peak's decay after the index month. */
        peakDecayMonths: z.number().gt(0).max(24).default(1),
        /** Change in GP appointments per person-year after the index month for engaged referred people. */
        trueEffectPerYear: z.number().min(-100).max(100).default(-2),
        /** Comparison people enrolled per referral, each matched to its case and selected at a peak the same way. */
        comparisonPerReferral: z.number().int().min(0).max(5).default(1),
        /**
         * How comparison people are chosen: "peak", at a peak of use like the referred (a comparison
         * that can work); "no-peak", from the general population with no peak (one that cannot).
         */
        comparisonSelection: z.enum(["peak", "no-peak"]).default("peak"),
        /** Comparison people's own trend: appointments a year more for every year from the index month (0: none). */
        comparisonTrendPerYear: z.number().min(-50).max(50).default(0),
      })
      .prefault({}),
    /** Who is on the lists and who is referred, by age band, sex, ethnic group and deprivation decile (equity-model.ts). */
    equity: EquitySimulationSettings,
  })
  .superRefine((settings, context) => {
    if (settings.intakeMonths !== undefined && settings.intakeMonths > settings.months) {
      context.addIssue({ code: "custom", path: ["intakeMonths"], message: `must be at most months (${settings.months})` });
    }
    const earliestStart = earliestStartWithUsageWindow(settings.usage.windowMonths);
    if (settings.startDate < earliestStart) {
      context.addIssue({
        code: "custom",
        path: ["startDate"],
        message: `must be no earlier than ${earliestStart}: usage is recorded for the ${String(settings.usage.windowMonths)} whole months before each index date, and no period may begin before ${earliestOccurredAt.slice(0, 10)} (the NHS began on 5 July 1948)`,
      });
    }
    const { rejectionRate, declineRate, unreachableRate } = settings.journeys;
    if (rejectionRate + declineRate + unreachableRate >= 1) {
      context.addIssue({
        code: "custom",
        path: ["journeys"],
        message: "rejectionRate + declineRate + unreachableRate must leave some referrals that engage (sum below 1)",
      });
    }
    if (rejectionRate + declineRate * largestDeclineMultiplier(settings.equity) + unreachableRate >= 1) {
      context.addIssue({
        code: "custom",
        path: ["equity", "relativeDecline"],
        message: "the largest decline multiplier makes rejectionRate + declineRate x multiplier + unreachableRate reach 1",
      });
    }
    for (const [field, weights] of Object.entries(settings.equity.shares)) {
      if (!Object.values(weights).some((weight) => weight > 0)) {
        context.addIssue({ code: "custom", path: ["equity", "shares", field], message: "needs at least one group with a positive weight" });
      }
    }
    const accepted = acceptedSourcesOf(settings.scheme);
    const sourceMix = settings.referrals.sourceMix;
    if (sourceMix !== undefined) {
      for (const [source, weight] of Object.entries(sourceMix)) {
        if (weight > 0 && !accepted.includes(source as ReferralSource)) {
          context.addIssue({
            code: "custom",
            path: ["referrals", "sourceMix", source],
            message: `the ${settings.scheme} scheme does not accept referrals from "${source}"`,
          });
        }
      }
      if (!Object.values(sourceMix).some((weight) => weight > 0)) {
        context.addIssue({ code: "custom", path: ["referrals", "sourceMix"], message: "needs at least one source with a positive weight" });
      }
    }
    const needsMix = settings.referrals.needsMix;
    if (needsMix !== undefined && !Object.values(needsMix).some((weight) => weight > 0)) {
      context.addIssue({ code: "custom", path: ["referrals", "needsMix"], message: "needs at least one need with a positive weight" });
    }
  });

export type SimulationSettings = z.infer<typeof SimulationSettings>;
export type SimulationSettingsInput = z.input<typeof SimulationSettings>;

function acceptedSourcesOf(scheme: Scheme): readonly ReferralSource[] {
  return scheme === "gp-only" ? generalPracticeSchemePolicy.acceptedSources : openSchemePolicy.acceptedSources;
}

/** The scheme policy a run's commands are decided under: the scheme's policy with the limits overridden. */
export function simulationPolicy(settings: SimulationSettings): E.Either<DomainError, SchemePolicy> {
  const base = settings.scheme === "gp-only" ? generalPracticeSchemePolicy : openSchemePolicy;
  const overrides = Object.fromEntries(Object.entries(settings.policy).filter(([, value]) => value !== undefined));
  return schemePolicy({ ...base, ...overrides });
}

/** Validates settings and fills in the defaults; a bad setting is a VALIDATION_FAILED naming its path. */
export function simulationSettings(input: unknown): E.Either<DomainError, SimulationSettings> {
  const parsed = SimulationSettings.safeParse(input);
  if (!parsed.success) return E.left(validationFailed("simulation settings", parsed.error));
  const policy = simulationPolicy(parsed.data);
  return E.isLeft(policy) ? policy : E.right(parsed.data);
}

/**
 * The first start date whose runs the handler accepts whole: a person referred in the start month
 * has usage recorded for the `windowMonths` calendar months before it, and a usage period may not
 * begin before the NHS's first day, so the first of those months is the first month beginning on or
 * after that day.
 */
function earliestStartWithUsageWindow(windowMonths: number): string {
  const nhsBegan = midnightOf(earliestOccurredAt.slice(0, 10));
  const month = monthNumberOf(nhsBegan);
  const firstWholeMonth = monthStart(month) === nhsBegan ? month : month + 1;
  return dateOf(monthStart(firstWholeMonth + windowMonths));
}
