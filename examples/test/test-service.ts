import * as E from "fp-ts/lib/Either.js";
import { createPcnService, type PcnService, type PcnServiceOptions } from "../pcn-service/pcn-service.js";
import { audience, claimsMapping, issuer, startIdentityProvider, type IdentityProvider, type TokenClaims } from "./identity-provider.js";
import { client, type Client } from "./service-client.js";

// A service listening on 127.0.0.1 with a test identity provider, and clients signed in as anyone.

export interface TestService {
  readonly service: PcnService;
  readonly idp: IdentityProvider;
  readonly base: string;
  /** A client whose token carries these claims. */
  as(claims: TokenClaims): Promise<Client>;
  /** A client with no token. */
  readonly anonymous: Client;
  close(): Promise<void>;
}

/** The people of the tests: identity provider role values, as the claims mapping knows them. */
export const people = {
  workerA: { sub: "lw_ana1", roles: "sp-link-worker", pcn: "U00009" },
  workerB: { sub: "lw_bob2", roles: "sp-link-worker", pcn: "U00010" },
  managerA: { sub: "mgr_cat3", roles: "sp-pcn-manager", pcn: "U00009" },
  managerB: { sub: "mgr_dan4", roles: "sp-pcn-manager", pcn: "U00010" },
  evaluator: { sub: "eval_eve5", roles: ["sp-evaluator", "unrelated-role"] },
  admin: { sub: "adm_fay6", roles: "sp-admin" },
} as const satisfies Record<string, TokenClaims>;

export async function startTestService(
  options: Omit<Partial<PcnServiceOptions>, "authentication"> & { readonly clock?: () => Date } = {},
): Promise<TestService> {
  const now = options.clock ?? (() => new Date());
  const idp = await startIdentityProvider(now);
  const created = createPcnService({
    auditRetentionDays: 3650,
    ...options,
    authentication: { issuer, audience, keys: { jwksUrl: idp.jwksUrl }, claims: claimsMapping, now },
  });
  if (E.isLeft(created)) throw new Error(created.left.message);
  const service = created.right;
  const base = await service.listen(0, "127.0.0.1");
  let closed: Promise<void> | null = null;
  return {
    service,
    idp,
    base,
    as: async (claims) => client(base, await idp.token(claims)),
    anonymous: client(base),
    close: () =>
      (closed ??= (async () => {
        await service.close();
        await idp.close();
      })()),
  };
}
