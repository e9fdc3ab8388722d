// The operator's command line: `npm run admin -- <command> [options]` from the repository root
// (or `node dist/cli.js` in the server package). It reads the same configuration as the server
// (sigill.env, then the environment), runs on the server's machine, so whoever runs it is trusted with the
// machine already; what it does is still in the access log, with no actor and `via: "cli"`.
import { parseArgs } from "node:util";
import { openDeps } from "./bootstrap.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { settingsFrom } from "./config-file.ts";
import { AppError } from "./http/app-error.ts";
import { createLogger } from "./http/logger.ts";
import { emailSchema, normaliseEmail } from "./modules/accounts/email.ts";
import { createEnrolment } from "./modules/accounts/enrolments.ts";
import { cliResetLink, RESET_REASONS, resetReasonSchema } from "./modules/admin/resets.ts";
import { recordRestore } from "./modules/audit/restore.ts";
import { appendAudit, verifyAuditChain } from "./modules/audit/log.ts";

const USAGE = `usage: admin <command> [options]

  create-admin --email <address> --name <display name>
      Creates a one-time enrolment link for a new administrator and prints it; open it in a
      browser to create the passkey (the link expires, ENROLMENT_HOURS).

  reset-link --email <address> --reason <${RESET_REASONS.join("|")}>
      For an organisation with fewer than two administrators who could approve a handover in the
      portal (for instance its only administrator lost their passkey): prints a one-time reset
      link for the account, valid 8 hours, to hand over in person once you have checked who the
      person is. Logged as done by the operator through the CLI; the person is mailed that a link
      was made. With two such administrators it refuses: use the portal's two-admin handover.

  audit-verify
      Checks the access log: every link and hash, every entry's signature under the log key
      (AUDIT_KEY_FILE), and the database against every checkpoint in AUDIT_CHECKPOINT_FILE.
      Prints the report as JSON; exit status 0 when intact, 1 when not.

  audit-restored
      After restoring a database backup: the log is then shorter than its checkpoints say.
      Appends a signed restore record at the restored head to AUDIT_CHECKPOINT_FILE (the
      checkpoints beyond it are set aside, not deleted) and logs audit.restored.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      reason: { type: "string" },
      help: { type: "boolean" },
    },
  });
  const command = positionals[0];
  if (
    values.help === true ||
    (command !== "create-admin" &&
      command !== "reset-link" &&
      command !== "audit-verify" &&
      command !== "audit-restored")
  ) {
    console.log(USAGE);
    return values.help === true ? 0 : 2;
  }
  if (command === "audit-verify")
    return withDeps(async (deps) => {
      const report = await verifyAuditChain(deps);
      console.log(JSON.stringify(report, null, 2));
      return report.ok ? 0 : 1;
    });
  if (command === "audit-restored")
    return withDeps(async (deps) => {
      const r = await recordRestore(deps);
      console.log(
        `Restore recorded at entry ${String(r.restoredTo)}` +
          (r.setAside > 0 ? `; ${String(r.setAside)} checkpoint(s) beyond it set aside.` : "."),
      );
      return 0;
    });
  const email = emailSchema.safeParse(values.email ?? "");
  if (command === "reset-link") {
    const reason = resetReasonSchema.safeParse(values.reason);
    if (!email.success || !reason.success) {
      console.error(`reset-link needs --email <a valid address> and --reason <${RESET_REASONS.join("|")}>`);
      return 2;
    }
    return withDeps(async (deps) => {
      try {
        const r = await cliResetLink(deps, { email: normaliseEmail(email.data), reason: reason.data });
        console.log(
          `Reset link, to hand over in person (one use, valid until ${r.expiresAt.toISOString()}):\n${r.link}\n` +
            (r.mailed === "sent"
              ? "The person has been mailed that a reset link was made."
              : "The person could NOT be mailed about it (no SMTP, or the relay refused)."),
        );
        return 0;
      } catch (error) {
        if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "CONFLICT")) {
          console.error(error.message);
          return 1;
        }
        throw error;
      }
    });
  }
  const name = (values.name ?? "").trim();
  if (!email.success || name === "" || name.length > 128) {
    console.error("create-admin needs --email <a valid address> and --name <1-128 characters>");
    return 2;
  }
  return withDeps(async (deps) => {
    if ((await deps.db.account.findUnique({ where: { email: normaliseEmail(email.data) } })) !== null) {
      console.error("an account with this address exists: to give its owner a new passkey, use reset-link");
      return 1;
    }
    const r = await createEnrolment(deps, { email: email.data, displayName: name, role: "admin" });
    await appendAudit(deps, {
      type: "account.invited",
      subjectId: r.accountId,
      details: { role: "admin", via: "cli" },
    });
    console.log(`Enrolment link for the administrator (valid until ${r.expiresAt.toISOString()}):\n${r.link}`);
    return 0;
  });
}

async function withDeps(run: (deps: Awaited<ReturnType<typeof openDeps>>["deps"]) => Promise<number>) {
  const config = loadConfig(settingsFrom(process.env).merged);
  const { deps, close } = await openDeps(config, createLogger("warn"));
  try {
    return await run(deps);
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `failed: ${error instanceof Error ? error.message : "unknown error"}`,
    );
    process.exit(1);
  },
);
