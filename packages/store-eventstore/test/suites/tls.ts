// The adapter over TLS, through one client library: the test server serves a certificate made for
// this run; the connection string names the authority that signed it (`tlsCAFile`). Without it
// the certificate is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCertificates } from "../../test-support/certificates.js";
import type { ServerControl } from "../../test-support/server-control.js";
import { caseEvents, left, reader, right } from "../adapter-fixture.js";
import { connectOver, type ClientUnderTest } from "../client-under-test.js";

export function describeTlsOver(client: ClientUnderTest): void {
  describe(`over TLS, with ${client.library}`, () => {
    let server: ServerControl;
    beforeAll(async () => {
      const certificates = await makeTestCertificates();
      server = await client.startServer({ tls: { key: certificates.key, cert: certificates.cert, caFile: certificates.caFile } });
    });
    afterAll(() => server.stop());

    it("appends, reads and subscribes with the authority given", async () => {
      expect(server.connectionString).toMatch(/\?tls=true&tlsCAFile=/);
      const db = connectOver(client, server);
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
      const untrusting = connectOver(client, server, {
        connectionString: server.connectionString.replace(/&tlsCAFile=.*$/, ""),
        maxAttempts: 2,
      });
      try {
        expect(left(await untrusting.store.append("case-tls", caseEvents(1), "no_stream"))).toMatchObject({ code: "STORE_UNAVAILABLE" });
        expect(left(await untrusting.store.readStream("case-tls"))).toMatchObject({ code: "STORE_UNAVAILABLE" });
      } finally {
        await untrusting.close();
      }
    });
  });
}
