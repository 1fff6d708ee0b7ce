import { statusAfter, type ProviderConnectionStatus } from "@linkwork/core/provider";
import type { ProviderUpdate } from "@linkwork/core/vocabulary";

/** Where a connection stood with its provider by a report's date: `awaiting` until the provider reported. */
export type ProviderStatusSoFar = ProviderConnectionStatus;
export const providerStatusesSoFar: readonly ProviderStatusSoFar[] = ["awaiting", "waitlisted", "accepted", "declined", "finished"];

/** What the provider reported on a connection, in order. */
export interface ProviderReport {
  readonly at: number;
  readonly update: ProviderUpdate;
}

/** The provider's side of a connection by `asOf`: its status, and whether the person attended at least once. */
export function providerSideAt(reports: readonly ProviderReport[], asOf: number): { status: ProviderStatusSoFar; attended: boolean } {
  let status: ProviderStatusSoFar = "awaiting";
  let attended = false;
  for (const report of reports) {
    if (report.at > asOf) continue;
    // The decider and the history checker hold the order, so every update follows; a stray one is passed over.
    status = statusAfter(status, report.update) ?? status;
    if (report.update === "attended") attended = true;
  }
  return { status, attended };
}
