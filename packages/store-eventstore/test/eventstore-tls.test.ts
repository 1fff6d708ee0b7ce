// The adapter over TLS: the test server serves a certificate made for this run; the connection
// string names the authority that signed it (`tlsCAFile`). Without it the certificate is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates, startTestServer, type TestServer } from "../test-support/index.js";
import { caseEvents, connect, left, reader, right } from "./adapter-fixture.js";

describe("over TLS", () => {
  let server: TestServer;
  beforeAll(async () => {
    const certificates = await makeTestCertificates();
    server = await startTestServer({ tls: { key: certificates.key, cert: certificates.cert, caFile: certificates.caFile } });
  });
  afterAll(() => server.stop());

  it("appends, reads and subscribes with the authority given", async () => {
    expect(server.connectionString).toMatch(/\?tls=true&tlsCAFile=/);
    const db = connect(server);
    try {
      const events = caseEvents(2);
      const appended = right(await db.store.append("case-tls", events, "no_stream"));
      expect(right(await db.store.readStream("case-tls")).map((recorded) => recorded.event)).toEqual(events);
      const subscription = reader(db.store.subscribe());
      await subscription.until(appended.position);
      await subscription.close();
      expect(subscription.delivered.map((recorded) => recorded.event)).toEqual(events);
    } finally {
      await db.close();
    }
  });

  it("answers STORE_UNAVAILABLE when the server's certificate is not trusted, and never throws", async () => {
    const untrusting = connect(server, { connectionString: server.connectionString.replace(/&tlsCAFile=.*$/, ""), maxAttempts: 2 });
    try {
      expect(left(await untrusting.store.append("case-tls", caseEvents(1), "no_stream"))).toMatchObject({ code: "STORE_UNAVAILABLE" });
      expect(left(await untrusting.store.readStream("case-tls"))).toMatchObject({ code: "STORE_UNAVAILABLE" });
    } finally {
      await untrusting.close();
    }
  });
});
