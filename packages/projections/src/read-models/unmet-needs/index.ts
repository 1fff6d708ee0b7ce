// The unmet-needs read model: needs no local service met, by month, PCN, need and reason, and the gaps.
export { unmetNeedsProjection } from "./projection.js";
export { unmetNeedsByMonth, unmetNeedGaps } from "./queries.js";
export { UnmetNeedSettings } from "./settings.js";
export type { UnmetNeedSettingsInput } from "./settings.js";
export type { UnmetNeedState } from "./state.js";
export type { UnmetNeedMonthRow, UnmetNeedGapRow, UnmetNeedErasedRow, UnmetNeedReport } from "./reports.js";
