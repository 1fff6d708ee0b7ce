import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { EventStore } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";
import { people, startTestService } from "./test-service.js";
import { fhirReferral } from "./fhir-referral.js";
import { referralBody } from "./referral-body.js";

// Graceful shutdown: a command in flight when shutdown starts is finished, stored and answered; the
// service is not ready from the moment shutdown starts; it stops only once nothing is in flight.

/** A store whose next append waits until released, telling when it was reached. */
function gatedStore(inner: EventStore) {
  let reached: () => void = () => undefined;
  const appendReached = new Promise<void>((resolve) => (reached = resolve));
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const append: EventStore["append"] = async (...args) => {
    reached();
    await released;
    return inner.append(...args);
  };
  // Whether a subscription was closed: the reports' runner is stopped only once nothing is in flight.
  let subscriptionClosed = false;
  const subscribe: EventStore["subscribe"] = (...args) => {
    const subscription = inner.subscribe(...args);
    return {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: () => {
        subscriptionClosed = true;
        return subscription.close();
      },
    };
  };
  // The store's other methods as they are, bound to it (a store may be a class instance).
  const store = new Proxy(inner, {
    get: (target, key) => {
      if (key === "append") return append;
      if (key === "subscribe") return subscribe;
      const value: unknown = Reflect.get(target, key);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, appendReached, release, subscriptionClosed: () => subscriptionClosed };
}

/** A FHIR referral to PCN U00009, the test link worker's (docs/fhir.md). */
const serviceRequest = fhirReferral("U00009");

describe("graceful shutdown", () => {
  it("drains a command in flight: it is stored and answered 201, and close waits for it", async () => {
    const inner = memoryEventStore();
    const gate = gatedStore(inner);
    const running = await startTestService({ store: gate.store });
    const worker = await running.as(people.workerA);
    expect(E.isRight(await running.service.runner.waitUntilCaughtUp())).toBe(true);
    expect((await running.anonymous.get("/ready")).status).toBe(200);

    const inFlight = worker.post("/referrals", referralBody("case_drain1"));
    await gate.appendReached;
    let closed = false;
    const closing = running.service.close().then(() => (closed = true));
    // Shutdown has begun and is waiting on the command: not ready, not closed.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);

    gate.release();
    const answered = await inFlight;
    expect(answered.status).toBe(201);
    expect(answered.headers.get("connection")).toBe("close");
    await closing;
    expect(closed).toBe(true);
    const stored = await inner.readStream("case-case_drain1");
    expect(E.isRight(stored) && stored.right.map((recorded) => recorded.event.type)).toEqual(["ReferralReceived"]);
    // The store was passed in: the service left it open for its owner.
    expect(E.isRight(await inner.readAll())).toBe(true);
    await running.close();
    await inner.close();
  });

  it("is not ready while shutting down, and refuses new requests on an open connection with 503 SHUTTING_DOWN", async () => {
    const gate = gatedStore(memoryEventStore());
    const running = await startTestService({ store: gate.store });
    const worker = await running.as(people.workerA);
    const inFlight = worker.post("/referrals", referralBody("case_drain2"));
    await gate.appendReached;
    const closing = running.service.close();
    // The server no longer accepts connections; the hooks' answers are checked on the app itself.
    const ready = await running.service.app.inject({ method: "GET", url: "/ready" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: "SHUTTING_DOWN" });
    gate.release();
    expect((await inFlight).status).toBe(201);
    await closing;
    await running.close();
  });

  it("drains a FHIR referral in flight whose client has gone: the runner is stopped only once it is stored", async () => {
    const inner = memoryEventStore();
    const gate = gatedStore(inner);
    const running = await startTestService({ store: gate.store });
    const token = await running.idp.token(people.workerA);
    // Injected, so no connection holds the server open: as when the client has gone while its request runs.
    const inFlight = running.service.app.inject({
      method: "POST",
      url: "/fhir/ServiceRequest",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/fhir+json" },
      payload: JSON.stringify(serviceRequest),
    });
    await gate.appendReached;
    const closing = running.service.close();
    // Fastify has closed; whatever shutdown does next without waiting has begun by the next turn.
    await running.service.app.close();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(gate.subscriptionClosed()).toBe(false);

    gate.release();
    expect((await inFlight).statusCode).toBe(201);
    await closing;
    expect(gate.subscriptionClosed()).toBe(true);
    const stored = await inner.readAll();
    expect(E.isRight(stored) && stored.right.events.map((recorded) => recorded.event.type)).toEqual(["ReferralReceived"]);
    await running.close();
    await inner.close();
  });
});
