import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { RouteTable } from "../../http/route.ts";
import { idSchema } from "../auth/schemas.ts";
import { requireAccess } from "../auth/sessions.ts";
import { AUDIT_TYPES, verifyAuditChain } from "./log.ts";

const entrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  type: z.string(),
  actorId: z.string().nullable(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
  keyId: z.string().nullable(),
  mac: z.string().nullable(),
});

const filterSchema = z
  .object({
    actor: idSchema.optional(),
    subject: idSchema.optional(),
    type: z.enum(AUDIT_TYPES).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
type Filter = z.infer<typeof filterSchema>;

function whereOf(query: Omit<Filter, "limit">) {
  return {
    ...(query.actor !== undefined && { actorId: query.actor }),
    ...(query.subject !== undefined && { subjectId: query.subject }),
    ...(query.type !== undefined && { type: query.type }),
    ...((query.from !== undefined || query.to !== undefined) && {
      at: {
        ...(query.from !== undefined && { gte: new Date(query.from) }),
        ...(query.to !== undefined && { lt: new Date(query.to) }),
      },
    }),
    ...(query.before !== undefined && { seq: { lt: query.before } }),
  };
}

/** RFC 4180 field; a leading = + - @ is neutralised so spreadsheets do not run it as a formula. */
function csvField(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditRoutes(deps: Deps, routes: RouteTable): void {
  const admin = requireAccess(deps, "admin");

  routes.add(
    {
      method: "get",
      path: "/api/admin/audit.csv",
      summary:
        "Export the access log (same filters, oldest first, every matching entry) as CSV with each entry's hashes",
      tag: "admin",
      access: "admin",
      before: [admin],
      query: filterSchema.omit({ limit: true }),
      response: z.unknown(),
      rawResponse: "text/csv",
    },
    async ({ query }, _req, res) => {
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", 'attachment; filename="sigill-access-log.csv"');
      res.write("seq,at,type,actor_id,subject_id,ip,user_agent,details,prev_hash,hash,key_id,mac\r\n");
      let after = 0;
      for (;;) {
        const page = await deps.db.auditEvent.findMany({
          where: { ...whereOf(query), seq: { gt: after, ...(query.before !== undefined && { lt: query.before }) } },
          orderBy: { seq: "asc" },
          take: 1000,
        });
        for (const e of page) {
          res.write(
            `${[e.seq, e.at.toISOString(), e.type, e.actorId, e.subjectId, e.ip, e.userAgent, e.details, e.prevHash, e.hash, e.keyId, e.mac].map(csvField).join(",")}\r\n`,
          );
        }
        if (page.length < 1000) break;
        after = page.at(-1)?.seq ?? after;
      }
      res.end();
      return undefined;
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/admin/audit",
      summary: "The access log, newest first, filtered by person, subject, type and time, with paging",
      tag: "admin",
      access: "admin",
      before: [admin],
      query: filterSchema,
      response: z.object({ entries: z.array(entrySchema), nextBefore: z.number().nullable() }),
    },
    async ({ query }) => {
      const rows = await deps.db.auditEvent.findMany({
        where: whereOf(query),
        orderBy: { seq: "desc" },
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      return {
        entries: page.map((e) => ({
          ...e,
          at: e.at.toISOString(),
          details: JSON.parse(e.details) as Record<string, unknown>,
        })),
        nextBefore: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null,
      };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/admin/audit/verify",
      summary:
        "Recompute the access log's hash chain, check each entry's signature under the log key and the database against every signed checkpoint; report the first broken entry, if any",
      tag: "admin",
      access: "admin",
      before: [admin],
      response: z.object({
        ok: z.boolean(),
        entries: z.number(),
        firstBadSeq: z.number().nullable(),
        headHash: z.string(),
        unkeyed: z.number(),
        anchor: z.object({
          state: z.enum(["agrees", "none", "behind", "differs", "unreadable"]),
          checkpoints: z.number(),
          latest: z
            .object({ kind: z.enum(["checkpoint", "restore"]), seq: z.number(), hash: z.string(), at: z.string() })
            .nullable(),
          firstDifferentSeq: z.number().nullable(),
        }),
      }),
    },
    () => verifyAuditChain(deps),
  );
}
