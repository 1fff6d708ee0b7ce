// The capacity read model: per PCN and month, FTE against list size and caseload, and a demand forecast.
export { capacityProjection } from "./projection.js";
export { capacityByMonth, capacityForecast } from "./queries.js";
export { capacityByYear } from "./year-view.js";
export { CapacitySettings } from "./settings.js";
export type { CapacitySettingsInput } from "./settings.js";
export type { CapacityState, CapacityFoldedMonth, CapacityFoldedPcn } from "./state.js";
export type {
  CapacityMonthRow,
  CapacityReport,
  CapacityYearRow,
  CapacityYearReport,
  CapacityForecastRow,
  CapacityForecastReport,
  DemandOutlook,
  ReferralTrend,
  ReferralRateBand,
} from "./reports.js";
