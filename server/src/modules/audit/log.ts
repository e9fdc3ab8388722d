// The access log as a hash chain: hash(n) = SHA-256(canonical(entry n) including hash(n-1)).
// Appends race on the primary key `seq`: a writer that loses simply retries on the new head,
// so the chain stays linear with several server instances and no locks.
import { createHash } from "node:crypto";
import type { Deps } from "../../deps.ts";
import { AUDIT_TYPES } from "./event-types.ts";

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
}

export const GENESIS_HASH = "0".repeat(64);
// Each lost race means another writer succeeded, so the chain advances; a writer behind many others
// may lose many times in a burst, hence the generous bound.
const MAX_RETRIES = 500;

/** The hash of an entry: SHA-256 over a canonical JSON array of every field but the hash. */
export function auditHash(e: Omit<AuditEntry, "hash">): string {
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
    try {
      await deps.db.auditEvent.create({ data: { ...entry, hash } });
      return { ...entry, hash };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_RETRIES) throw error;
      // Another writer took this seq: back off a little and build on the new head.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt + 1, 8)));
    }
  }
}

export interface ChainReport {
  readonly ok: boolean;
  readonly entries: number;
  /** The first entry whose hash, link or sequence number is wrong. */
  readonly firstBadSeq: number | null;
  readonly headHash: string;
}

/** Walks the whole chain in pages and recomputes every link. */
export async function verifyAuditChain(deps: Deps, pageSize = 1000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await deps.db.auditEvent.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: pageSize,
    });
    for (const e of page) {
      if (e.seq !== expectedSeq || e.prevHash !== prevHash || auditHash(e) !== e.hash) {
        return { ok: false, entries: count, firstBadSeq: expectedSeq, headHash: prevHash };
      }
      prevHash = e.hash;
      expectedSeq++;
      count++;
    }
    if (page.length < pageSize) return { ok: true, entries: count, firstBadSeq: null, headHash: prevHash };
  }
}
