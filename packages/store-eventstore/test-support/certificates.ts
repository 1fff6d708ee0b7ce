// Certificates for serving the test server over TLS, made fresh for each test run: a certificate
// authority, and a server certificate it signs for 127.0.0.1 and localhost. Node's crypto can
// verify certificates but not issue them, so the `selfsigned` package (a dev dependency) does.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface TestCertificates {
  /** PEM of the server's private key and certificate, for `startTestServer({ tls })`. */
  readonly key: string;
  readonly cert: string;
  /** PEM of the authority that signed the server certificate. */
  readonly ca: string;
  /** A file holding `ca`, for a connection string's `tlsCAFile`. */
  readonly caFile: string;
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const day = 24 * 60 * 60 * 1000;
  const notBeforeDate = new Date(Date.now() - day);
  const notAfterDate = new Date(Date.now() + day);
  const authority = await generate([{ name: "commonName", value: "Linkwork test CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    curve: "P-256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    algorithm: "sha256",
    curve: "P-256",
    notBeforeDate,
    notAfterDate,
    ca: { key: authority.private, cert: authority.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });
  const caFile = join(await mkdtemp(join(tmpdir(), "linkwork-tls-")), "ca.pem");
  await writeFile(caFile, authority.cert);
  return { key: server.private, cert: server.cert, ca: authority.cert, caFile };
}
