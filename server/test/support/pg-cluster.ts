// A private, throwaway PostgreSQL cluster (initdb + pg_ctl in a temporary directory on a free
// port) that a test may stop and restart at will: the shared cluster other tests use is never
// touched. Needs Debian's PostgreSQL server binaries in /usr/lib/postgresql/<version>/bin.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PgCluster {
  readonly url: string;
  /** `fast` disconnects every client at once, as a planned restart or a failover does. */
  stop(mode?: "fast" | "immediate"): void;
  start(): void;
  /** Stops the cluster and removes its directory. */
  destroy(): void;
}

/** The newest installed server's bin directory, or undefined (the caller skips with a reason). */
export function pgBin(): string | undefined {
  if (!existsSync("/usr/lib/postgresql")) return undefined;
  const version = readdirSync("/usr/lib/postgresql")
    .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`))
    .sort((a, b) => Number(a) - Number(b))
    .at(-1);
  return version === undefined ? undefined : `/usr/lib/postgresql/${version}/bin`;
}

export function createPgCluster(bin: string, port: number): PgCluster {
  const dir = mkdtempSync(join(tmpdir(), "sigill-pgc-"));
  // initdb refuses to run as root: as root, run the tools as the postgres system user.
  const asPostgres = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asPostgres
      ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "ignore" })
      : execFileSync(cmd, args, { stdio: "ignore" });
  if (asPostgres) execFileSync("chown", ["postgres:postgres", dir]);
  run(`${bin}/initdb`, ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${String(port)} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  let running = false;
  const cluster: PgCluster = {
    url: `postgresql://postgres@127.0.0.1:${String(port)}/postgres`,
    start: () => {
      run(`${bin}/pg_ctl`, ["-D", `${dir}/data`, "-l", `${dir}/log`, "-w", "-o", options, "start"]);
      running = true;
    },
    stop: (mode = "fast") => {
      run(`${bin}/pg_ctl`, ["-D", `${dir}/data`, "-m", mode, "-w", "stop"]);
      running = false;
    },
    destroy: () => {
      try {
        if (running) cluster.stop("immediate");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  cluster.start();
  return cluster;
}
