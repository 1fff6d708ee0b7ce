/**
 * The longest funding period accepted. The funding report spreads an award over every month of its
 * period, so a period of 0001-01-01 to 9999-12-31 made one event fan out to ~120,000 rows a provider
 * (1 GB to replay); no grant or commission runs near ten years. A project limit, not an NHS rule.
 */
export const MAX_FUNDING_PERIOD_YEARS = 10;

/** Why a funding period (both dates ISO, both included) is refused, or null when it is fine. */
export function fundingPeriodProblem(periodStart: string, periodEnd: string): string | null {
  if (periodEnd < periodStart) return `${periodEnd} is before periodStart ${periodStart}`;
  const [year, rest] = [Number(periodStart.slice(0, 4)), periodStart.slice(4)];
  const latestEnd = `${String(year + MAX_FUNDING_PERIOD_YEARS).padStart(4, "0")}${rest}`;
  return periodEnd >= latestEnd ? `${periodEnd} is ${MAX_FUNDING_PERIOD_YEARS} years or more after periodStart ${periodStart}` : null;
}
