#!/usr/bin/env node
// The one entry behind `npm start`, `npm test` and `npm run bench` (and their pnpm twins).
// It needs nothing but Node.js: it installs the pinned pnpm into .tools/, installs the
// workspace from the lockfile, installs Debian's Chromium when tests need a browser (and, for
// the journeys, the webmail rig: Roundcube, dovecot and postfix on 127.0.0.1), and then runs the
// command. Everything it does is idempotent and says what it is doing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PNPM_VERSION = "12.21.0";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const toolsDir = join(root, ".tools");
const pnpmBin = join(toolsDir, "node_modules", ".bin", "pnpm");
/** Workspace packages in the order their tests run (fast and fundamental first). */
const PACKAGES = ["crypto", "detection", "extension", "server", "test"];
// Keep in step with pnpm-workspace.yaml.

/** `admin` prints only the command line's own output on stdout; set-up goes to stderr. */
const quiet = process.argv[2] === "admin";
const say = (line) => (quiet ? console.error : console.log)(`[sigill] ${line}`);
const fail = (line) => {
  console.error(`[sigill] ${line}`);
  process.exit(1);
};

function run(cmd, args, options = {}) {
  const stdio = quiet ? ["inherit", process.stderr, "inherit"] : "inherit";
  const result = spawnSync(cmd, args, { cwd: root, stdio, ...options });
  if (result.error) fail(`could not run ${cmd}: ${result.error.message}`);
  return result.status ?? 1;
}

function must(cmd, args, what, options) {
  if (run(cmd, args, options) !== 0) fail(`${what} failed (${cmd} ${args.join(" ")})`);
}

function ensurePnpm() {
  const installed = existsSync(pnpmBin) ? spawnSync(pnpmBin, ["--version"], { encoding: "utf8" }).stdout.trim() : "";
  if (installed === PNPM_VERSION) return;
  say(`installing pnpm ${PNPM_VERSION} into .tools/ (no global changes)`);
  mkdirSync(toolsDir, { recursive: true });
  must(
    "npm",
    ["install", "--prefix", toolsDir, `pnpm@${PNPM_VERSION}`, "--no-audit", "--no-fund", "--loglevel=error"],
    "installing pnpm",
  );
}

function pnpmEnv() {
  const env = { ...process.env, PATH: `${dirname(pnpmBin)}:${process.env.PATH ?? ""}` };
  // Native addons (node-gyp) build against the system's Node headers when they exist.
  if (!env.npm_config_nodedir && existsSync("/usr/include/node/node.h")) env.npm_config_nodedir = "/usr";
  return env;
}

function installWorkspace() {
  say("installing workspace dependencies from pnpm-lock.yaml");
  const frozen = process.env.CI ? ["--frozen-lockfile"] : ["--frozen-lockfile", "--prefer-offline"];
  must(pnpmBin, ["install", ...frozen, "--reporter=append-only"], "pnpm install", { env: pnpmEnv() });
}

/** Generated code the packages need before they run or typecheck (kept out of git). */
function generate() {
  must(pnpmBin, ["--filter", "@sigill/server", "run", "db:generate"], "generating the Prisma clients", {
    env: pnpmEnv(),
  });
}

export function chromiumPath() {
  return process.env.SIGILL_CHROMIUM ?? "/usr/bin/chromium";
}

let aptUpdated = false;

/** Installs a Debian package as root, or stops with the one command a person should run. */
function aptInstall(pkg, why, instead) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    fail(`${why}. Install it with \`sudo apt-get install -y ${pkg}\`${instead} and run again.`);
  }
  say(`installing Debian's ${pkg} with apt-get (once)`);
  if (!aptUpdated) must("apt-get", ["update", "-qq"], "apt-get update");
  aptUpdated = true;
  must("apt-get", ["install", "-y", "-qq", "--no-install-recommends", pkg], `apt-get install ${pkg}`, {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

function ensureChromium() {
  if (existsSync(chromiumPath())) return;
  aptInstall("chromium", `the browser tests need Chromium at ${chromiumPath()}`, " (or set SIGILL_CHROMIUM)");
}

/** The server tests run against a real PostgreSQL; the test setup starts or creates a cluster. */
function ensurePostgres() {
  if (process.env.SIGILL_TEST_PG_URL || existsSync("/usr/lib/postgresql")) return;
  aptInstall("postgresql", "the server tests need PostgreSQL", " (or set SIGILL_TEST_PG_URL to a server)");
}

const webmailScript = join(root, "test", "rig", "webmail.sh");

/**
 * The journeys run on a real Roundcube with IMAP and SMTP on 127.0.0.1 (test/rig/webmail.sh):
 * installed and started when missing (root), stopped afterwards only if this run started it.
 * Returns the cleanup. Without root and without a running rig the journeys cannot run: say how.
 */
function ensureWebmail() {
  const running = run("sh", [webmailScript, "status"], { stdio: "ignore" }) === 0;
  if (running) return () => undefined;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get"))
    fail("the end-to-end journeys need the webmail rig. Start it with `sudo sh test/rig/webmail.sh up` and run again.");
  say("starting the webmail rig (Roundcube, dovecot, postfix on 127.0.0.1; installed once)");
  must("sh", [webmailScript, "up"], "the webmail rig");
  return () => {
    say("stopping the webmail rig this run started");
    run("sh", [webmailScript, "stop"]);
  };
}

function packagesWithScript(script) {
  return PACKAGES.filter((dir) => {
    const file = join(root, dir, "package.json");
    return existsSync(file) && JSON.parse(readFileSync(file, "utf8")).scripts?.[script] !== undefined;
  });
}

function packageName(dir) {
  return JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")).name;
}

function test() {
  ensureChromium();
  ensurePostgres();
  const stopWebmail = ensureWebmail();
  const reportDir = join(root, ".tools", "test-results");
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const broken = [];
  for (const dir of packagesWithScript("test")) {
    const name = packageName(dir);
    const report = join(reportDir, `${dir}.json`);
    say(`testing ${name}`);
    const status = run(
      pnpmBin,
      ["--filter", name, "run", "test", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
      { env: { ...pnpmEnv(), SIGILL_CHROMIUM: chromiumPath() } },
    );
    if (existsSync(report)) {
      const r = JSON.parse(readFileSync(report, "utf8"));
      totals.passed += r.numPassedTests;
      totals.failed += r.numFailedTests;
      totals.skipped += r.numPendingTests + r.numTodoTests;
    }
    if (status !== 0) broken.push(name);
  }
  stopWebmail();
  // `pnpm audit --prod`: high or critical advisories fail the run; an unreachable advisory
  // endpoint is reported as skipped (scripts/audit.mjs says why).
  say("auditing the production dependencies");
  if (run(process.execPath, [join(root, "scripts", "audit.mjs")], { env: pnpmEnv() }) !== 0)
    broken.push("dependency audit");
  if (broken.length > 0) say(`failing packages: ${broken.join(", ")}`);
  console.log(`total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(broken.length > 0 || totals.failed > 0 ? 1 : 0);
}

function bench() {
  // The user-felt bench (test/bench) drives the real webmail, in Chromium.
  ensureChromium();
  const stopWebmail = ensureWebmail();
  const rows = [];
  for (const dir of packagesWithScript("bench")) {
    const name = packageName(dir);
    const out = join(root, dir, "bench-results.json");
    rmSync(out, { force: true });
    say(`benchmarking ${name}`);
    must(pnpmBin, ["--filter", name, "run", "bench"], `bench of ${name}`, { env: pnpmEnv() });
    if (!existsSync(out)) fail(`${name} bench wrote no ${dir}/bench-results.json`);
    rows.push(...JSON.parse(readFileSync(out, "utf8")));
  }
  stopWebmail();
  writeFileSync(join(root, "bench-results.json"), `${JSON.stringify(rows, null, 2)}\n`);
  console.log("");
  for (const r of rows) console.log(`${r.name.padEnd(44)} ${String(r.value).padStart(12)} ${r.unit}`);
  say(`wrote bench-results.json (${rows.length} figures)`);
}

function typecheck() {
  const broken = packagesWithScript("typecheck").filter(
    (dir) => run(pnpmBin, ["--filter", packageName(dir), "run", "typecheck"], { env: pnpmEnv() }) !== 0,
  );
  if (broken.length > 0) fail(`typecheck failed in: ${broken.join(", ")}`);
  say("typecheck clean");
}

function lint() {
  must(join(root, "node_modules", ".bin", "eslint"), ["--max-warnings", "0", "."], "eslint");
  must(join(root, "node_modules", ".bin", "prettier"), ["--check", "."], "prettier");
}

/** Memory tuning for the server process (docs/operations.md, "Memory"); the operator's own values win. */
function serverEnv(base) {
  return { ...base, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2" };
}

function buildServer() {
  must(pnpmBin, ["--filter", "@sigill/server", "run", "build"], "building the server", { env: pnpmEnv() });
}

function start() {
  must(pnpmBin, ["--filter", "@sigill/extension", "run", "build"], "building the extension", { env: pnpmEnv() });
  const config = readFileSync(join(root, "extension", "wxt.config.ts"), "utf8");
  const id = /DEV_EXTENSION_ID = "([a-p]{32})"/.exec(config)?.[1] ?? "";
  say(
    `extension built: load ${join(root, "extension", ".output", "chrome-mv3")} unpacked (chrome://extensions, developer mode)`,
  );
  say(`extension ID ${id}; Firefox build in ${join(root, "extension", ".output", "firefox-mv2")}`);
  must(pnpmBin, ["--filter", "@sigill/server", "run", "build:portal"], "building the web portal", { env: pnpmEnv() });
  say(`web portal built into ${join(root, "server", "portal", "dist")}; the server serves it`);
  buildServer();
  // The unpacked development build may talk to this server unless the operator says otherwise.
  const env = serverEnv({
    ...pnpmEnv(),
    EXTENSION_ORIGINS: process.env.EXTENSION_ORIGINS ?? `chrome-extension://${id}`,
  });
  must(pnpmBin, ["--filter", "@sigill/server", "run", "start"], "starting the server", { env });
}

/** `npm run admin -- <command> …`: the server's command line, with the configuration the server uses. */
function admin() {
  buildServer();
  const cli = join(root, "server", "dist", "cli.js");
  const status = spawnSync(process.execPath, ["--enable-source-maps", cli, ...process.argv.slice(3)], {
    cwd: join(root, "server"),
    env: serverEnv(process.env),
    stdio: "inherit",
  }).status;
  process.exit(status ?? 1);
}

const command = process.argv[2];
const commands = { test, bench, start, typecheck, lint, admin };
if (!(command in commands)) fail(`usage: node scripts/sigill.mjs ${Object.keys(commands).join("|")}`);
ensurePnpm();
installWorkspace();
if (!readdirSync(root).includes("node_modules")) fail("pnpm install left no node_modules");
generate();
commands[command]();
