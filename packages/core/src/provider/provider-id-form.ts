import { issuedIdPrefixes } from "../identifiers.js";
import type { ProviderDirectory } from "./events.js";

/**
 * Why a provider id does not fit its directory, or null: an Open Referral UK service id is a UUID
 * (the standard's `service.id`, format uuid), a local one the scheme's `prov_<token>`.
 */
export function providerIdProblem(providerId: string, directory: ProviderDirectory): string | null {
  const local = providerId.startsWith(`${issuedIdPrefixes.provider}_`);
  if (directory === "open_referral_uk" && local) return "an Open Referral UK service id is a UUID, not a prov_ id";
  if (directory === "local" && !local)
    return "a provider of no directory has an issued prov_ id (a UUID is an Open Referral UK service id)";
  return null;
}
