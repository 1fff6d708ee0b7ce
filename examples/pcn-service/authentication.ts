import * as E from "fp-ts/lib/Either.js";
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { fieldInvalid, validationFailed, type DomainError } from "@linkwork/core";
import { Actor, Role } from "@linkwork/core/authorisation";
import type { ErrorResponse } from "./error-response.js";

// Bearer tokens (RFC 6750) checked with `jose` against the keys of an OpenID Connect issuer (NHS CIS2,
// or a trust's identity provider): signature, issuer, audience, expiry and the algorithm allow-list.
// The actor (who, role, PCN) comes from the token's claims, mapped by configuration (docs/service.md).

/** Where the issuer's public keys come from: its JWKS URL (fetched and cached by jose), or a key set held locally. */
export type KeySource = { readonly jwksUrl: string } | { readonly jwks: JSONWebKeySet };

export const ClaimsMapping = z.strictObject({
  /** The claim naming the user: it becomes the events' recordedBy, so it must be an opaque id. Default `sub`. */
  who: z.string().min(1).default("sub"),
  /** The claim holding the user's role(s): a string or an array of strings. Default `roles`. */
  role: z.string().min(1).default("roles"),
  /** The claim holding the ODS code of the user's PCN. Default `pcn`. */
  pcn: z.string().min(1).default("pcn"),
  /** The identity provider's role values, each mapped to a Linkwork role; values not listed are ignored. */
  roles: z.record(z.string().min(1), Role),
});
export type ClaimsMapping = z.input<typeof ClaimsMapping>;

export interface AuthenticationOptions {
  /** The issuer (`iss`) tokens must name, exactly. */
  readonly issuer: string;
  /** The audience (`aud`) tokens must name: this service's client id. */
  readonly audience: string;
  readonly keys: KeySource;
  readonly claims: ClaimsMapping;
  /** Signing algorithms accepted. Default RS256, PS256 and ES256; `none` and HMAC are never accepted. */
  readonly algorithms?: readonly ("RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "ES512" | "EdDSA")[];
  /** Seconds of clock difference allowed on `exp` and `nbf`. Default 30. */
  readonly clockToleranceSeconds?: number;
  /** The clock tokens are checked against (tests). Default now. */
  readonly now?: () => Date;
}

/** Turns an Authorization header into the actor, or the 401/403 answer. */
export type Authenticate = (authorization: string | undefined) => Promise<E.Either<ErrorResponse, Actor>>;

/** The 401 of RFC 6750 §3: a WWW-Authenticate challenge and the service's error body. */
function unauthenticated(message: string, error: "invalid_request" | "invalid_token" | null): ErrorResponse {
  return {
    status: 401,
    body: { code: "UNAUTHENTICATED", message },
    headers: { "www-authenticate": error === null ? 'Bearer realm="linkwork"' : `Bearer realm="linkwork", error="${error}"` },
  };
}

/** Why jose refused a token, in words that name no claim value. */
function tokenRefusal(error: unknown): ErrorResponse {
  if (error instanceof errors.JWTExpired) return unauthenticated("the bearer token has expired", "invalid_token");
  if (error instanceof errors.JWTClaimValidationFailed) {
    return unauthenticated(`the bearer token's ${error.claim} claim is not accepted here`, "invalid_token");
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return unauthenticated("the bearer token's signing algorithm is not accepted", "invalid_token");
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return unauthenticated("the bearer token's signature does not verify with the issuer's keys", "invalid_token");
  }
  if (error instanceof errors.JWKSTimeout || (error instanceof Error && !(error instanceof errors.JOSEError))) {
    // The issuer's keys could not be fetched: the token may be good, so this is the service's problem.
    return {
      status: 503,
      body: { code: "AUTHENTICATION_UNAVAILABLE", message: "the identity provider's keys could not be read" },
      retryAfter: 5,
    };
  }
  return unauthenticated("the bearer token is malformed", "invalid_token");
}

/** The actor of a verified token's claims, or 403 when they map to no single Linkwork role or a bad id. */
function actorOf(payload: JWTPayload, claims: z.output<typeof ClaimsMapping>): E.Either<ErrorResponse, Actor> {
  const refused = (message: string): E.Either<ErrorResponse, Actor> =>
    E.left({ status: 403, body: { code: "FORBIDDEN", message, access: "any call" } });
  const roleClaim: unknown = payload[claims.role];
  const values = Array.isArray(roleClaim) ? roleClaim : [roleClaim];
  const roles = [
    ...new Set(values.flatMap((value) => (typeof value === "string" && Object.hasOwn(claims.roles, value) ? [claims.roles[value]!] : []))),
  ];
  if (roles.length !== 1) {
    return refused(`the token's ${claims.role} claim must map to exactly one Linkwork role; it maps to ${roles.length}`);
  }
  const pcn: unknown = payload[claims.pcn];
  const actor = Actor.safeParse({ who: payload[claims.who], role: roles[0], pcnId: pcn === undefined ? null : pcn });
  if (!actor.success) {
    const field = String(actor.error.issues[0]?.path[0] ?? "who");
    return refused(
      `the token's ${field === "pcnId" ? claims.pcn : claims.who} claim is not accepted: ${actor.error.issues[0]?.message ?? "invalid"}`,
    );
  }
  return E.right(actor.data);
}

/** The authenticator of a configuration (one JWKS, cached by jose, for the service's life), or what is wrong with it. */
export function bearerAuthentication(options: AuthenticationOptions): E.Either<DomainError, Authenticate> {
  const parsedClaims = ClaimsMapping.safeParse(options.claims);
  if (!parsedClaims.success) return E.left(validationFailed("authentication options", parsedClaims.error, "claims"));
  const claims = parsedClaims.data;
  if ("jwksUrl" in options.keys && !URL.canParse(options.keys.jwksUrl)) {
    return E.left(fieldInvalid("authentication options", "keys.jwksUrl", "must be a URL"));
  }
  let keys: JWTVerifyGetKey;
  try {
    keys = "jwksUrl" in options.keys ? createRemoteJWKSet(new URL(options.keys.jwksUrl)) : createLocalJWKSet(options.keys.jwks);
  } catch {
    return E.left(fieldInvalid("authentication options", "keys.jwks", "must be a JSON Web Key Set ({ keys: [...] })"));
  }
  const algorithms = [...(options.algorithms ?? ["RS256", "PS256", "ES256"])];
  return E.right(async (authorization) => {
    if (authorization === undefined) return E.left(unauthenticated("this call needs a bearer token (Authorization: Bearer ...)", null));
    const match = /^Bearer ([A-Za-z0-9_.~+/-]+=*)$/i.exec(authorization);
    if (match === null) return E.left(unauthenticated("the Authorization header must be `Bearer <token>`", "invalid_request"));
    try {
      const { payload } = await jwtVerify(match[1]!, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        requiredClaims: ["exp", claims.who],
        clockTolerance: options.clockToleranceSeconds ?? 30,
        ...(options.now === undefined ? {} : { currentDate: options.now() }),
      });
      return actorOf(payload, claims);
    } catch (error) {
      return E.left(tokenRefusal(error));
    }
  });
}
