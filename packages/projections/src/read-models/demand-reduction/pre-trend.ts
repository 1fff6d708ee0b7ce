import type { BeforeAfter } from "../../statistics/before-after.js";
import type { DifferenceInDifferencesResult } from "../../statistics/difference-in-differences.js";
import { beforeWindow, covers, usageIn, windowDays, type DayRange } from "./usage-window.js";
import type { Participant } from "./participants.js";

/**
 * The pre-trend (placebo) check: the same estimator on windows that end before the index date,
 * where the service cannot have had an effect. The placebo "before" window is the window before
 * the real before window, and its "after" window is the real before window. A comparison that
 * tracks the referred people would show no difference there; one that does not (selected at another
 * point of their use, or on another trend) shows one, and then the real estimate carries the same bias.
 */
export interface PreTrendCheck {
  readonly kind: "pre-trend";
  /** The estimator on the placebo windows. */
  readonly placebo: DifferenceInDifferencesResult;
  /**
   * near-zero: the placebo's interval includes zero; not-near-zero: it excludes zero, so the
   * comparison is not trustworthy; cannot-tell: too few people have records covering the placebo windows.
   */
  readonly verdict: "near-zero" | "not-near-zero" | "cannot-tell";
}

/** The placebo windows of a window of `months`: both end before the index date. */
export function placeboWindows(indexDay: number, months: number): { before: DayRange; after: DayRange } {
  return { before: beforeWindow(indexDay - windowDays(months), months), after: beforeWindow(indexDay, months) };
}

/** A person's use in the placebo windows, or null when their records do not cover both. */
export function placeboPair(person: Participant, months: number): BeforeAfter | null {
  const { before, after } = placeboWindows(person.indexDay, months);
  if (!person.usageRecorded || !covers(person.periods, before) || !covers(person.periods, after)) return null;
  return { before: usageIn(person.periods, before), after: usageIn(person.periods, after) };
}

/** The check's verdict from its placebo estimate. */
export function preTrendCheck(placebo: DifferenceInDifferencesResult): PreTrendCheck {
  if (placebo.kind === "insufficient-data") return { kind: "pre-trend", placebo, verdict: "cannot-tell" };
  const { lower, upper } = placebo.bootstrap;
  return { kind: "pre-trend", placebo, verdict: lower <= 0 && 0 <= upper ? "near-zero" : "not-near-zero" };
}
