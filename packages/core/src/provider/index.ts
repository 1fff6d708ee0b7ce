// The public API of @linkwork/core/provider: the VCSE directory (a stream per community provider),
// what providers report on connections (closed-loop referrals) and the funding ledger (docs/events.md).

export {
  /** Any command on a provider's stream. */
  ProviderCommand,
  /** Lists a community organisation in the directory. */
  RegisterProvider,
  /** Declares a provider's places a month and waiting list. */
  DeclareProviderCapacity,
  /** Records a grant or commission to a provider. */
  AwardFunding,
} from "./commands.js";
export type {
  /** A provider command as callers write it. */
  ProviderCommandInput,
} from "./commands.js";
export {
  /** Any event of a provider's stream. */
  ProviderEvent,
  /** A provider joined the directory. */
  ProviderRegistered,
  /** A provider declared its capacity and waiting list. */
  ProviderCapacityDeclared,
  /** Where a provider's id comes from: Open Referral UK or local. */
  ProviderDirectory,
  /** A provider's public name, as reports show it. */
  ProviderName,
} from "./events.js";
export {
  /** A case command: what the provider reported on a connection. */
  RecordProviderUpdate,
} from "./connection-commands.js";
export {
  /** A case event: what the provider reported on a connection. */
  ProviderUpdateRecorded,
} from "./connection-events.js";
export {
  /** The provider status after an update, or null when the update cannot follow. */
  statusAfter,
} from "./connection-status.js";
export type {
  /** Where a connection stands with its provider. */
  ProviderConnectionStatus,
} from "./connection-status.js";
export {
  /** The provider decider, for the command handler. */
  providerDecider,
} from "./decider.js";
export {
  /** A provider stream before its first event. */
  initialProviderState,
} from "./state.js";
export type {
  /** A provider's stream as its decider sees it. */
  ProviderState,
} from "./state.js";
export {
  /** A provider's stream id, `provider-<providerId>`. */
  providerStream,
} from "../events/streams.js";
export {
  /** A grant or commission to a provider (provider stream). */
  FundingAwarded,
  /** Activity-budget spend for a goal of a person's plan (case stream, amount sealed). */
  ActivityBudgetSpent,
} from "../funding/events.js";
export {
  /** A case command: records activity-budget spend. */
  RecordActivityBudgetSpend,
} from "../funding/commands.js";
