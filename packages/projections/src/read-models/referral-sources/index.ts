// The referral-sources read model: the mix of referral routes, with acceptance and decline rates per route.
export { referralSourcesProjection } from "./projection.js";
export { referralSourceMix } from "./queries.js";
export { ReferralSourceSettings } from "./settings.js";
export type { ReferralSourceSettingsInput } from "./settings.js";
export type { ReferralSourceState } from "./state.js";
export { ReferralSourceOptions } from "./reports.js";
export type { ReferralFigures, ReferralSourceRow, SnomedCount, ReferralSourceReport } from "./reports.js";
