import type { AddressInfo } from "node:net";
import { relative, resolve, isAbsolute } from "node:path";
import { createApp } from "./app.ts";
import { openDeps } from "./bootstrap.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createAdminCommand, settingsFrom, writeOnFirstStart } from "./config-file.ts";
import { startCheckpoints } from "./modules/audit/checkpoints.ts";
import { auditKeys } from "./modules/audit/keys.ts";
import { runRetention } from "./modules/messages/retention.ts";
import { handleProcessErrors } from "./process-errors.ts";

let config;
let settings;
try {
  settings = settingsFrom(process.env);
  config = loadConfig(settings.merged);
  // Read (or, on first start, create) the access log's key now: a bad key file stops the start.
  auditKeys(config);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[sigill] ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const { deps, database, close } = await openDeps(config);
handleProcessErrors(process, deps.logger);
let written: Record<string, string> | null = null;
try {
  written = writeOnFirstStart(settings.path, config, settings.merged);
} catch (error) {
  // Not fatal: the server runs on its environment; only the admin command's defaults are missing.
  console.warn(`[sigill] ${error instanceof Error ? error.message : "could not write the configuration file"}`);
}
if (written !== null) {
  console.log(`[sigill] first start: wrote the configuration to ${settings.path} (the admin command reads it too)`);
}
const fileSettings = written ?? settings.file;
// The key and the checkpoints protect the log only if whoever owns the database cannot rewrite them.
if (database.provider === "sqlite") {
  for (const [name, path] of [
    ["AUDIT_KEY_FILE", config.audit.keyFile],
    ["AUDIT_CHECKPOINT_FILE", config.audit.checkpointFile],
  ] as const) {
    const inside = relative(resolve(config.dataDir), resolve(path));
    if (!inside.startsWith("..") && !isAbsolute(inside))
      deps.logger.warn({ event: "audit_anchor_in_data_dir", variable: name }, `${name} is inside SIGILL_DATA_DIR`);
  }
}
const checkpoints = startCheckpoints(deps);
// The retention job: at start and every ten minutes; failures are logged and retried next time.
// Each run also looks for recalls and reissued invitations since the one before (at start: in the
// last day, so one made just before a stop or crash is not left in the file's free pages).
const RETENTION_EVERY_MS = 10 * 60_000;
let lastRetention = new Date(deps.now().getTime() - 24 * 60 * 60_000);
const retention = async () => {
  const started = deps.now();
  try {
    const report = await runRetention(deps, database.provider, lastRetention);
    lastRetention = started;
    if (report.expired + report.abandoned > 0) deps.logger.info({ event: "retention", ...report }, "retention run");
  } catch (error) {
    deps.logger.error(
      { event: "retention_failed", name: error instanceof Error ? error.name : "unknown" },
      "retention run failed",
    );
  }
};
void retention();
const timer = setInterval(() => void retention(), RETENTION_EVERY_MS);
timer.unref();
const server = createApp(deps).listen(config.port, config.host, () => {
  // The bound port, not the configured one: PORT=0 asks the system for a free port.
  const port = (server.address() as AddressInfo | null)?.port ?? config.port;
  console.log(`[sigill] server listening on http://${config.host}:${String(port)} (database: ${database.provider})`);
  console.log(`[sigill] portal origin ${config.publicUrl}, passkey RP ID ${config.rpId}`);
});
const admins = await deps.db.account.count({ where: { role: "admin" } });
if (admins === 0) {
  console.log(
    "[sigill] No administrator yet. Create the first one from the repository's folder, in another shell\n" +
      `         (it prints a one-time enrolment link): ${createAdminCommand(process.env, fileSettings)}`,
  );
}
const stop = () => {
  server.close(() => {
    clearInterval(timer);
    void checkpoints
      .stop()
      .then(close)
      .then(() => process.exit(0));
  });
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
