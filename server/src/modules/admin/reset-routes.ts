// The routes of resets (issue 18): declarations only; the rules are in resets.ts.
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { RouteTable } from "../../http/route.ts";
import { idSchema } from "../auth/schemas.ts";
import { authOf, requireAccess } from "../auth/sessions.ts";
import { requestMeta } from "../audit/log.ts";
import {
  approveHandover,
  declineHandover,
  listHandoverRequests,
  mailResetLink,
  requestHandover,
  resetNoteSchema,
  resetReasonSchema,
} from "./resets.ts";

const person = z.object({ id: z.string(), email: z.string(), displayName: z.string() });
const handoverRequestSchema = z.object({
  id: z.string(),
  account: person,
  requestedBy: person,
  reason: resetReasonSchema,
  note: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
const idParams = z.object({ id: idSchema }).strict();

export function resetRoutes(deps: Deps, routes: RouteTable): void {
  const admin = requireAccess(deps, "admin");

  routes.add(
    {
      method: "post",
      path: "/api/admin/accounts/:id/reset",
      summary:
        "Mail a one-time reset link to the account's own address (it replaces the passkeys; keys stay, unlocked with the recovery code). The answer never holds the link.",
      tag: "admin",
      access: "admin",
      status: 201,
      before: [admin],
      params: idParams,
      response: z.object({ accountId: z.string(), mailedAt: z.string(), expiresAt: z.string() }),
    },
    ({ params }, req, res) =>
      mailResetLink(deps, { accountId: params.id, adminId: authOf(res).accountId, meta: requestMeta(req) }),
  );

  routes.add(
    {
      method: "post",
      path: "/api/admin/accounts/:id/reset-requests",
      summary:
        "Ask for a reset link to hand over in person (the person cannot get mail): a different administrator must approve it within 24 hours",
      tag: "admin",
      access: "admin",
      status: 201,
      before: [admin],
      params: idParams,
      body: z.object({ reason: resetReasonSchema, note: resetNoteSchema.default("") }).strict(),
      response: handoverRequestSchema,
    },
    ({ params, body }, req, res) =>
      requestHandover(deps, {
        accountId: params.id,
        requesterId: authOf(res).accountId,
        reason: body.reason,
        note: body.note,
        meta: requestMeta(req),
      }),
  );

  routes.add(
    {
      method: "get",
      path: "/api/admin/reset-requests",
      summary: "Handover requests waiting for a second administrator",
      tag: "admin",
      access: "admin",
      before: [admin],
      response: z.object({ requests: z.array(handoverRequestSchema) }),
    },
    async () => ({ requests: await listHandoverRequests(deps) }),
  );

  routes.add(
    {
      method: "post",
      path: "/api/admin/reset-requests/:id/approve",
      summary:
        "Approve another administrator's handover request: the one-time link is made now and shown only in this answer, to hand over in person",
      tag: "admin",
      access: "admin",
      status: 201,
      before: [admin],
      params: idParams,
      response: z.object({ link: z.string(), expiresAt: z.string(), accountId: z.string() }),
    },
    ({ params }, req, res) =>
      approveHandover(deps, { requestId: params.id, approverId: authOf(res).accountId, meta: requestMeta(req) }),
  );

  routes.add(
    {
      method: "post",
      path: "/api/admin/reset-requests/:id/decline",
      summary: "Decline a waiting handover request (or withdraw one's own)",
      tag: "admin",
      access: "admin",
      before: [admin],
      params: idParams,
      response: z.object({ ok: z.literal(true) }),
    },
    async ({ params }, req, res) => {
      await declineHandover(deps, { requestId: params.id, adminId: authOf(res).accountId, meta: requestMeta(req) });
      return { ok: true as const };
    },
  );
}
