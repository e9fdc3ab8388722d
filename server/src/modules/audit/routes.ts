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
  prevHash: z.string(),
  hash: z.string(),
});

export function auditRoutes(deps: Deps, routes: RouteTable): void {
  const admin = requireAccess(deps, "admin");

  routes.add(
    {
      method: "get",
      path: "/api/admin/audit",
      summary: "The access log, newest first, filtered by person, subject, type and time, with paging",
      tag: "admin",
      access: "admin",
      before: [admin],
      query: z
        .object({
          actor: idSchema.optional(),
          subject: idSchema.optional(),
          type: z.enum(AUDIT_TYPES).optional(),
          from: z.iso.datetime().optional(),
          to: z.iso.datetime().optional(),
          before: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        })
        .strict(),
      response: z.object({ entries: z.array(entrySchema), nextBefore: z.number().nullable() }),
    },
    async ({ query }) => {
      const rows = await deps.db.auditEvent.findMany({
        where: {
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
        },
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
      summary: "Recompute the access log's hash chain and report the first broken entry, if any",
      tag: "admin",
      access: "admin",
      before: [admin],
      response: z.object({
        ok: z.boolean(),
        entries: z.number(),
        firstBadSeq: z.number().nullable(),
        headHash: z.string(),
      }),
    },
    () => verifyAuditChain(deps),
  );
}
