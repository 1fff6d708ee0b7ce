// The community-demand read model: connections and people each provider absorbed, by mode, outcome and month.
export { communityDemandProjection } from "./projection.js";
export { communityDemandByProvider, communityDemandByProviderMonth } from "./queries.js";
export { CommunityDemandSettings } from "./settings.js";
export type { CommunityDemandSettingsInput } from "./settings.js";
export type { CommunityDemandState } from "./state.js";
export { CommunityDemandOptions } from "./reports.js";
export { outcomesSoFar, type OutcomeSoFar } from "./folded-connections.js";
export { providerStatusesSoFar, type ProviderStatusSoFar } from "./provider-status.js";
export type { CommunityDemandReport, ProviderDemandFigures, ProviderDemandRow, ProviderMonthDemandRow } from "./reports.js";
