// The funding read model: grants and commissions against the referrals and attended connections each provider absorbed.
export { fundingProjection } from "./projection.js";
export { fundingReport } from "./queries.js";
export { FundingSettings } from "./settings.js";
export type { FundingSettingsInput } from "./settings.js";
export type { FundingState } from "./state.js";
export { FundingOptions } from "./reports.js";
export type { FundingFigures, FundingReport, ProviderFundingRow, ProviderMonthFundingRow, ProviderNeedFundingRow } from "./reports.js";
