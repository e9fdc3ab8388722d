// Signed checkpoints of the access log's head, appended to a file outside the database
// (AUDIT_CHECKPOINT_FILE) and copied to the process log (journald/syslog). Verification checks
// the database against every checkpoint, so a rewritten, truncated or replaced log is found even
// by someone who could recompute the whole chain.
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { auditKeys, auditMac, checkAuditMac, type AuditKeyring } from "./keys.ts";

const LABEL = "sigill-audit-checkpoint-v1";

/**
 * `checkpoint`: the database's head was (seq, hash) at `at`. `restore`: an operator restored a
 * backup; checkpoints before it beyond its seq name entries the restore took away.
 * `unkeyed`: entries at the start of the chain written before the log key existed (upgrade).
 */
export const checkpointSchema = z
  .object({
    v: z.literal(1),
    kind: z.enum(["checkpoint", "restore"]),
    seq: z.number().int().min(0),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    at: z.iso.datetime(),
    unkeyed: z.number().int().min(0),
    kid: z.string(),
    mac: z.string(),
  })
  .strict();
export type Checkpoint = z.infer<typeof checkpointSchema>;
type Unsigned = Pick<Checkpoint, "kind" | "seq" | "hash" | "at" | "unkeyed">;

function signedPart(c: Unsigned): string {
  return JSON.stringify([c.kind, c.seq, c.hash, c.at, c.unkeyed]);
}

/** One line of the checkpoint file, signed with the current log key. */
export function encodeCheckpoint(ring: AuditKeyring, c: Unsigned): Checkpoint {
  return {
    v: 1,
    ...c,
    kid: ring.current.id,
    mac: auditMac(ring.current, LABEL, signedPart(c)),
  };
}

export interface CheckpointFile {
  /** Every line that parsed and whose signature verified, in file order. */
  readonly records: readonly Checkpoint[];
  /** Lines that are not a checkpoint signed by one of our keys (or the file could not be read). */
  readonly bad: number;
}

/** Reads and verifies a checkpoint file; a missing file has no records. */
export function readCheckpoints(path: string, ring: AuditKeyring): CheckpointFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return { records: [], bad: (error as { code?: unknown }).code === "ENOENT" ? 0 : 1 };
  }
  const records: Checkpoint[] = [];
  let bad = 0;
  const lines = text.split("\n");
  // A crash mid-append leaves a partial last line without its newline: that is not tampering.
  if (lines.at(-1) !== "") lines.pop();
  for (const line of lines) {
    if (line.trim() === "") continue;
    let parsed;
    try {
      parsed = checkpointSchema.safeParse(JSON.parse(line));
    } catch {
      bad++;
      continue;
    }
    if (!parsed.success || !checkAuditMac(ring, parsed.data.kid, LABEL, signedPart(parsed.data), parsed.data.mac)) {
      bad++;
      continue;
    }
    records.push(parsed.data);
  }
  return { records, bad };
}

/**
 * The (seq → hash) pairs the database must still hold: every checkpoint, except those a later
 * restore record took away (seq beyond the restore's).
 */
export function expectedHeads(records: readonly Checkpoint[]): Map<number, string> {
  const expected = new Map<number, string>();
  for (const r of records) {
    if (r.kind === "restore") for (const seq of [...expected.keys()]) if (seq > r.seq) expected.delete(seq);
    if (r.seq > 0) expected.set(r.seq, r.hash);
  }
  return expected;
}

function appendLine(path: string, record: Checkpoint): void {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  appendFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o640 });
}

/**
 * Writes a checkpoint of the database's current head, unless it is already checkpointed (a
 * `restore` is always written). Returns the record, or null when nothing was written. The same
 * record goes to the process log, for journald/syslog to keep a second copy.
 */
export async function writeCheckpoint(deps: Deps, kind: Checkpoint["kind"] = "checkpoint"): Promise<Checkpoint | null> {
  const ring = auditKeys(deps.config);
  const file = readCheckpoints(deps.config.audit.checkpointFile, ring);
  const head = await deps.db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const last = file.records.at(-1);
  if (kind === "checkpoint" && (head === null || (last !== undefined && head.seq <= last.seq))) return null;
  const unkeyed = file.records[0]?.unkeyed ?? (await deps.db.auditEvent.count({ where: { mac: null } }));
  const record = encodeCheckpoint(ring, {
    kind,
    seq: head?.seq ?? 0,
    hash: head?.hash ?? "0".repeat(64),
    at: deps.now().toISOString(),
    unkeyed,
  });
  appendLine(deps.config.audit.checkpointFile, record);
  deps.logger.info({ event: "audit_checkpoint", checkpoint: record }, "access log checkpoint");
  return record;
}

/**
 * Checkpoints at start, then every minute when AUDIT_CHECKPOINT_MINUTES have passed or
 * AUDIT_CHECKPOINT_ENTRIES were added since the last one, and at `stop()` (shutdown).
 * Failures are logged and retried at the next tick; they never stop the server.
 */
export function startCheckpoints(
  deps: Deps,
  tickMs = 60_000,
): { readonly started: Promise<void>; stop: () => Promise<void> } {
  let lastAt = 0;
  let lastSeq = 0;
  let running: Promise<void> = Promise.resolve();
  const write = async () => {
    try {
      lastAt = deps.now().getTime();
      const r = await writeCheckpoint(deps);
      if (r !== null) lastSeq = r.seq;
    } catch (error) {
      deps.logger.error(
        { event: "audit_checkpoint_failed", name: error instanceof Error ? error.name : "unknown" },
        "access log checkpoint failed",
      );
    }
  };
  const tick = async () => {
    if (deps.now().getTime() - lastAt >= deps.config.audit.checkpointEveryMs) return write();
    const head = await deps.db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
    if (head !== null && head.seq - lastSeq >= deps.config.audit.checkpointEveryEntries) await write();
  };
  // The data-protection officer's copy: at start, then daily; a failed send is retried hourly.
  const day = 24 * 60 * 60_000;
  let lastMailAt = Number.NEGATIVE_INFINITY;
  const mail = async () => {
    const to = deps.config.audit.checkpointMailTo;
    const now = deps.now().getTime();
    if (to === undefined || deps.notify === undefined || now - lastMailAt < day) return;
    try {
      const latest = readCheckpoints(deps.config.audit.checkpointFile, auditKeys(deps.config)).records.at(-1);
      if (latest === undefined) return;
      lastMailAt = now;
      const delivery = await deps.notify({ kind: "audit-checkpoint", to, checkpoint: JSON.stringify(latest) });
      if (delivery !== "sent") lastMailAt = now - day + 60 * 60_000;
    } catch (error) {
      deps.logger.error(
        { event: "audit_checkpoint_mail_failed", name: error instanceof Error ? error.name : "unknown" },
        "access log checkpoint mail failed",
      );
    }
  };
  try {
    lastSeq = readCheckpoints(deps.config.audit.checkpointFile, auditKeys(deps.config)).records.at(-1)?.seq ?? 0;
  } catch {
    // The first write logs what is wrong.
  }
  const started = write().then(mail);
  running = started;
  const timer = setInterval(() => {
    running = running
      .then(tick)
      .then(mail)
      .catch(() => undefined);
  }, tickMs);
  timer.unref();
  return {
    started,
    stop: async () => {
      clearInterval(timer);
      await running;
      await write();
    },
  };
}
