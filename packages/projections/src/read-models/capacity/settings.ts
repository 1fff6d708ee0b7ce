import { z } from "zod";
import { RetentionDays } from "../shared/retention.js";

/** A line through fewer months than this says nothing about a trend. */
export const MINIMUM_TREND_MONTHS = 3;

const Fraction = z.number().min(0).max(1);

export const CapacitySettings = z.strictObject({
  /** FTE link workers per 10,000 registered patients a PCN should have. */
  fteTargetPer10k: z.number().positive().max(100).default(1),
  /** People a full-time link worker supports in a year. */
  caseloadBenchmarkPerFte: z.number().positive().max(10_000).default(250),
  /** The national incentive band for referrals per year as a share of the registered list. */
  referralRateBand: z
    .strictObject({ lower: Fraction, upper: Fraction })
    .refine((band) => band.lower <= band.upper, { message: "lower is above upper", path: ["lower"] })
    .default({ lower: 0.012, upper: 0.016 }),
  /** Complete months of referrals the demand trend is fitted to. */
  trendMonths: z.number().int().min(MINIMUM_TREND_MONTHS).max(120).default(6),
  /** How far ahead the forecast looks for demand overtaking capacity. */
  forecastHorizonMonths: z.number().int().min(1).max(240).default(24),
  /** The month the year view's years start in: 4 (April) for the NHS financial year, 1 for calendar years. */
  yearStartMonth: z.number().int().min(1).max(12).default(4),
  /** Days an ended case keeps its milestones before it is folded into monthly counts (see retention.ts). */
  retentionDays: RetentionDays,
});
export type CapacitySettings = z.output<typeof CapacitySettings>;
export type CapacitySettingsInput = z.input<typeof CapacitySettings>;
