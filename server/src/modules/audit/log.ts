// The access log as a hash chain: hash(n) = SHA-256(canonical(entry n) including hash(n-1)),
// each hash authenticated by an HMAC under the log key (a file, not the database), and the head
// checkpointed outside the database (checkpoints.ts). Appends race on the primary key `seq`: a
// writer that loses simply retries on the new head, so the chain stays linear with several
// server instances and no locks.
import { createHash } from "node:crypto";
import type { Deps } from "../../deps.ts";
import { expectedHeads, readCheckpoints, type Checkpoint } from "./checkpoints.ts";
import { AUDIT_TYPES } from "./event-types.ts";
import { auditKeys, auditMac, checkAuditMac } from "./keys.ts";

export { AUDIT_TYPES };
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditInput {
  readonly type: AuditType;
  readonly actorId?: string | null;
  readonly subjectId?: string | null;
  /** Metadata only: ids, kinds, counts. Never content, tokens or addresses. */
  readonly details?: Record<string, string | number | boolean | null>;
  /** The request's client address and user agent (see {@link requestMeta}). */
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

/** Who was on the other end of a request, for the access log. */
export function requestMeta(req: { ip?: string | undefined; headers: Record<string, unknown> }): {
  ip: string | null;
  userAgent: string | null;
} {
  const agent = req.headers["user-agent"];
  return { ip: req.ip ?? null, userAgent: typeof agent === "string" ? agent.slice(0, 256) : null };
}

/** Who made a request, for the access log: what {@link requestMeta} returns. */
export type RequestMeta = ReturnType<typeof requestMeta>;

export interface AuditEntry {
  readonly seq: number;
  readonly at: Date;
  readonly type: string;
  readonly actorId: string | null;
  readonly subjectId: string | null;
  readonly details: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly prevHash: string;
  readonly hash: string;
  readonly keyId: string | null;
  readonly mac: string | null;
}

const ENTRY_LABEL = "sigill-audit-entry-v1";

export const GENESIS_HASH = "0".repeat(64);
// Each lost race means another writer succeeded, so the chain advances; a writer behind many others
// may lose many times in a burst, hence the generous bound.
const MAX_RETRIES = 500;

/** The hash of an entry: SHA-256 over a canonical JSON array of every field but the hash. */
export function auditHash(e: Omit<AuditEntry, "hash" | "keyId" | "mac">): string {
  const canonical = JSON.stringify([
    e.seq,
    e.at.toISOString(),
    e.type,
    e.actorId,
    e.subjectId,
    e.details,
    e.ip,
    e.userAgent,
    e.prevHash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Appends one event at the head of the chain and returns it. */
export async function appendAudit(deps: Deps, input: AuditInput): Promise<AuditEntry> {
  const details = JSON.stringify(input.details ?? {});
  const key = auditKeys(deps.config).current;
  for (let attempt = 0; ; attempt++) {
    const head = await deps.db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    const entry = {
      seq: (head?.seq ?? 0) + 1,
      at: deps.now(),
      type: input.type,
      actorId: input.actorId ?? null,
      subjectId: input.subjectId ?? null,
      details,
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const hash = auditHash(entry);
    const signed = { ...entry, hash, keyId: key.id, mac: auditMac(key, ENTRY_LABEL, hash) };
    try {
      await deps.db.auditEvent.create({ data: signed });
      return signed;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_RETRIES) throw error;
      // Another writer took this seq: back off a little and build on the new head.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt + 1, 8)));
    }
  }
}

export type AnchorState = "agrees" | "none" | "behind" | "differs" | "unreadable";

export interface ChainReport {
  /** The chain, every entry's key and every checkpoint agree. */
  readonly ok: boolean;
  readonly entries: number;
  /** The first entry whose hash, link, sequence number or key signature is wrong. */
  readonly firstBadSeq: number | null;
  readonly headHash: string;
  /** Entries at the start of the chain written before the log key existed (an upgrade). */
  readonly unkeyed: number;
  readonly anchor: {
    /**
     * `agrees`: the database holds every checkpointed head. `none`: no checkpoint yet.
     * `behind`: a checkpoint names an entry the database no longer has (truncated or rolled back).
     * `differs`: the database has a different entry where a checkpoint was taken (rewritten).
     * `unreadable`: the checkpoint file holds a line that is not ours (or cannot be read).
     */
    readonly state: AnchorState;
    readonly checkpoints: number;
    readonly latest: Pick<Checkpoint, "kind" | "seq" | "hash" | "at"> | null;
    readonly firstDifferentSeq: number | null;
  };
}

/**
 * Walks the whole chain in pages: recomputes every link and hash, checks every entry's
 * signature under the log keys, and compares it with every checkpoint in the checkpoint file.
 */
export async function verifyAuditChain(deps: Deps, pageSize = 1000): Promise<ChainReport> {
  const ring = auditKeys(deps.config);
  const file = readCheckpoints(deps.config.audit.checkpointFile, ring);
  const expected = expectedHeads(file.records);
  // Unkeyed entries are legitimate only before the first checkpoint's count (an upgrade's old entries).
  const maxUnkeyed = file.records[0]?.unkeyed ?? Number.POSITIVE_INFINITY;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let unkeyed = 0;
  let keyed = false;
  let firstBadSeq: number | null = null;
  let firstDifferentSeq: number | null = null;
  walk: for (;;) {
    const page = await deps.db.auditEvent.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: pageSize,
    });
    for (const e of page) {
      const linked = e.seq === expectedSeq && e.prevHash === prevHash && auditHash(e) === e.hash;
      const legacy = e.keyId === null && e.mac === null && !keyed && unkeyed < maxUnkeyed;
      if (!linked || !(legacy || checkAuditMac(ring, e.keyId, ENTRY_LABEL, e.hash, e.mac))) {
        firstBadSeq = expectedSeq;
        break walk;
      }
      if (legacy) unkeyed++;
      else keyed = true;
      const anchored = expected.get(e.seq);
      if (anchored !== undefined && anchored !== e.hash) firstDifferentSeq ??= e.seq;
      prevHash = e.hash;
      expectedSeq++;
      count++;
    }
    if (page.length < pageSize) break;
  }
  const beyond = [...expected.keys()].some((seq) => seq > count);
  const state: AnchorState =
    file.bad > 0
      ? "unreadable"
      : firstDifferentSeq !== null || (beyond && firstBadSeq !== null)
        ? "differs"
        : beyond && firstBadSeq === null
          ? "behind"
          : expected.size === 0 && file.records.length === 0
            ? "none"
            : "agrees";
  const latest = file.records.at(-1);
  return {
    ok: firstBadSeq === null && (state === "agrees" || state === "none"),
    entries: count,
    firstBadSeq,
    headHash: prevHash,
    unkeyed,
    anchor: {
      state,
      checkpoints: file.records.length,
      latest: latest === undefined ? null : { kind: latest.kind, seq: latest.seq, hash: latest.hash, at: latest.at },
      firstDifferentSeq,
    },
  };
}
