import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import type { ClaimsMapping } from "../pcn-service/authentication.js";

// A test OpenID Connect issuer: its own RSA key, a JWKS served over HTTP on 127.0.0.1 (the service
// fetches it as it would NHS CIS2's), and tokens minted with any claims, lifetime or key.

export const issuer = "https://idp.test.linkwork.invalid";
export const audience = "linkwork-pcn-service";

/** How the test tokens' claims map to roles: the identity provider's names, not Linkwork's. */
export const claimsMapping: ClaimsMapping = {
  roles: { "sp-link-worker": "linkWorker", "sp-pcn-manager": "pcnManager", "sp-evaluator": "evaluator", "sp-admin": "administrator" },
};

export interface TokenClaims {
  readonly sub: string;
  readonly roles?: string | readonly string[];
  readonly pcn?: string;
  /** Seconds from the test clock's now; negative for a token already expired. Default 3600. */
  readonly expiresIn?: number;
  readonly iss?: string;
  readonly aud?: string;
}

export interface IdentityProvider {
  readonly jwksUrl: string;
  /** A token signed with the issuer's key (or another key, to be refused). */
  token(claims: TokenClaims, options?: { readonly signWith?: "issuer" | "stranger" }): Promise<string>;
  /** An unsecured JWT (`alg: none`, no signature) with the claims of a good token. */
  unsignedToken(claims: TokenClaims): string;
  /** Requests made for the JWKS, to show the keys were fetched from the issuer. */
  readonly jwksRequests: () => number;
  close(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export async function startIdentityProvider(now: () => Date): Promise<IdentityProvider> {
  const own = await generateKeyPair("RS256", { extractable: true });
  const stranger = await generateKeyPair("RS256");
  const publicJwk: JWK = { ...(await exportJWK(own.publicKey)), kid: "issuer-key-1", alg: "RS256", use: "sig" };
  let jwksRequests = 0;
  const server: Server = createServer((request, response) => {
    jwksRequests++;
    if (request.url !== "/jwks.json") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const payload = (claims: TokenClaims) => {
    const issuedAt = Math.floor(now().getTime() / 1000);
    return {
      sub: claims.sub,
      ...(claims.roles === undefined ? {} : { roles: claims.roles }),
      ...(claims.pcn === undefined ? {} : { pcn: claims.pcn }),
      iss: claims.iss ?? issuer,
      aud: claims.aud ?? audience,
      iat: issuedAt,
      exp: issuedAt + (claims.expiresIn ?? 3600),
    };
  };

  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    token: (claims, options = {}) => {
      const key: CryptoKey = options.signWith === "stranger" ? stranger.privateKey : own.privateKey;
      return new SignJWT(payload(claims)).setProtectedHeader({ alg: "RS256", kid: "issuer-key-1", typ: "JWT" }).sign(key);
    },
    unsignedToken: (claims) => `${base64url({ alg: "none", typ: "JWT" })}.${base64url(payload(claims))}.`,
    jwksRequests: () => jwksRequests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
