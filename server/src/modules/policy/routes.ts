import { OVERRIDE_NOTE_MAX, OVERRIDE_NOTE_MIN, OVERRIDE_REASONS } from "@sigill/client/override-reasons";
import { UNSCANNABLE_REASONS } from "@sigill/client/unscannable-reasons";
import { personalDataInNote } from "@sigill/detection";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { hit } from "../../http/rate-limit.ts";
import type { RouteTable } from "../../http/route.ts";
import { ORG_ID } from "../accounts/enrolments.ts";
import { appendAudit, requestMeta, type AuditType } from "../audit/log.ts";
import { authOf, requireAccess } from "../auth/sessions.ts";
import {
  joinList,
  KINDS,
  kindSchema,
  NOT_ABOUT_PERSON_KINDS,
  notAboutPersonKindSchema,
  splitList,
  storedDisabledKinds,
  storedKinds,
  webmailHostSchema,
} from "./kinds.ts";

export function policyRoutes(deps: Deps, routes: RouteTable): void {
  const staff = requireAccess(deps, "staff");

  routes.add(
    {
      method: "get",
      path: "/api/policy",
      summary: "The organisation's policy as the extension applies it (staff)",
      tag: "policy",
      access: "staff",
      before: [staff],
      response: z.object({
        organisation: z.string(),
        allowPlainOverride: z.boolean(),
        /** Whether staff may send mail flagged by category words only, attesting it is not about an individual person. */
        allowNotAboutPerson: z.boolean(),
        requireAccessCode: z.boolean(),
        maxRetentionDays: z.number(),
        maxAttachmentBytes: z.number(),
        defaultExpiryDays: z.number(),
        accessCodeKinds: z.array(kindSchema),
        webmailDomains: z.array(z.string()),
        unscannableSensitive: z.boolean(),
        /** Detection kinds the extension does not flag (never the always-on ones). */
        disabledKinds: z.array(kindSchema),
        /** Organisation-specific words the extension counts as sensitive (normalised, lower case). */
        extraKeywords: z.array(z.string()),
        /** An extra paragraph for notification mails (plain text, no links; "" for none). */
        notificationText: z.string(),
      }),
    },
    async () => {
      const org = await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } });
      return {
        organisation: org.name,
        allowPlainOverride: org.allowPlainOverride,
        allowNotAboutPerson: org.allowNotAboutPerson,
        requireAccessCode: org.requireAccessCode,
        maxRetentionDays: org.maxRetentionDays,
        maxAttachmentBytes: Number(org.maxAttachmentBytes),
        defaultExpiryDays: org.defaultExpiryDays,
        accessCodeKinds: storedKinds(org.accessCodeKinds),
        webmailDomains: splitList(org.webmailDomains),
        unscannableSensitive: org.unscannableSensitive,
        disabledKinds: storedDisabledKinds(org.disabledKinds),
        extraKeywords: splitList(org.extraKeywords),
        notificationText: org.notificationText,
      };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/events/plain-override",
      summary:
        "Record that staff sent flagged mail as ordinary e-mail, with the kinds of data found and a fixed reason (a short note for 'other'; never the text); refused unless policy allows it, and refused (REASON_SENSITIVE) when the note holds personal data",
      tag: "policy",
      access: "staff",
      status: 201,
      before: [staff],
      body: z
        .object({
          kinds: z.array(kindSchema).min(1).max(KINDS.length),
          reason: z.enum(OVERRIDE_REASONS),
          note: z.string().trim().max(OVERRIDE_NOTE_MAX).default(""),
        })
        .strict()
        .refine((b) => b.reason !== "other" || b.note.length >= OVERRIDE_NOTE_MIN, {
          message: "a note is required for the reason 'other'",
          path: ["note"],
        }),
      response: z.object({ ok: z.literal(true) }),
    },
    async ({ body }, req, res) => {
      const org = await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } });
      if (!org.allowPlainOverride)
        throw new AppError("FORBIDDEN", "organisation policy does not allow sending flagged mail as ordinary e-mail");
      // Issue 20: the access log keeps the note for ever and cannot be edited; the extension checks
      // too, but can be bypassed. Refused, never masked: the message names no part of the note.
      if (personalDataInNote(body.note).length > 0)
        throw new AppError(
          "REASON_SENSITIVE",
          "the note must not hold personal data: choose a fixed reason or rewrite it",
        );
      const actorId = authOf(res).accountId;
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "policy.plain_override",
        actorId,
        subjectId: actorId,
        details: {
          kinds: [...new Set(body.kinds)].sort().join(","),
          reason: body.reason,
          ...(body.note !== "" && { note: body.note }),
        },
      });
      return { ok: true as const };
    },
  );

  // Issue 19: a warning that rests only on category words ("diabetes", "orosanmälan") may be about
  // no one in particular (a staff meeting on routines). Where policy allows it, the writer attests
  // that and the mail goes; the log gets the kinds only: no text, no reason, no addresses.
  routes.add(
    {
      method: "post",
      path: "/api/events/not-about-person",
      summary:
        "Record that staff sent mail flagged only by category words as ordinary e-mail, attesting it is not about an individual person: the categories only (never the text); refused unless policy allows it",
      tag: "policy",
      access: "staff",
      status: 201,
      before: [staff],
      body: z.object({ kinds: z.array(notAboutPersonKindSchema).min(1).max(NOT_ABOUT_PERSON_KINDS.length) }).strict(),
      response: z.object({ ok: z.literal(true) }),
    },
    async ({ body }, req, res) => {
      const org = await deps.db.organisation.findUniqueOrThrow({ where: { id: ORG_ID } });
      if (!org.allowNotAboutPerson)
        throw new AppError("FORBIDDEN", "organisation policy does not allow sending mail that is not about a person");
      const actorId = authOf(res).accountId;
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "policy.not_about_person",
        actorId,
        subjectId: actorId,
        details: { kinds: joinList(body.kinds) },
      });
      return { ok: true as const };
    },
  );

  /**
   * A report the extension makes for the access log on staff's behalf: a strict body, one entry of
   * `type` about the reporter with `details` (metadata only, never text or addresses), 201.
   * The reports a webmail page can set off (a script there acting through the extension's content
   * script) are `limited`: each account may make `RATE_LIMIT_REPORTS_PER_HOUR` of each kind an hour;
   * the first one over writes one `extension.reports_limited` entry (the kind and the limit), the
   * rest get 429 and write nothing. Diversions are not: only the extension's own compose page
   * reports them, after a secure send, and a busy day must not drop out of the charts.
   */
  const staffEvent = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    type: AuditType,
    details: (body: z.infer<B>) => Record<string, string | number>,
    limited = true,
  ): void => {
    routes.add(
      {
        method: "post",
        path,
        summary,
        tag: "policy",
        access: "staff",
        status: 201,
        before: [staff],
        body,
        response: z.object({ ok: z.literal(true) }),
      },
      async (input, req, res) => {
        const actorId = authOf(res).accountId;
        const meta = requestMeta(req);
        if (limited) {
          const limit = deps.config.rateLimits.reportsPerHour;
          await hit(deps, { scope: `report:${type}`, limit, windowSeconds: 3600 }, actorId, () =>
            appendAudit(deps, {
              ...meta,
              type: "extension.reports_limited",
              actorId,
              subjectId: actorId,
              details: { report: type, limit },
            }),
          );
        }
        await appendAudit(deps, {
          ...meta,
          type,
          actorId,
          subjectId: actorId,
          details: details(input.body),
        });
        return { ok: true as const };
      },
    );
  };

  // Admin charts (issue 7): the extension reports a diversion once the secure message is sent.
  staffEvent(
    "/api/events/diversion",
    "Record that staff sent a flagged draft as a secure message instead of ordinary e-mail: the kinds of data found only (never the text, addresses or site)",
    z.object({ kinds: z.array(kindSchema).min(1).max(KINDS.length) }).strict(),
    "policy.diversion",
    (body) => ({ kinds: joinList(body.kinds) }),
    false,
  );

  // Issue 17: the extension guarded a compose window on a webmail page with its generic guard only
  // (the webmail's layout was not recognised) while it held sensitive data, so a changed webmail is
  // noticed the same day. Host name and kinds only.
  staffEvent(
    "/api/events/unrecognised-compose",
    "Record that the extension did not recognise a webmail's compose window and guarded it generically while it held sensitive data: the host name and the kinds of data only (never text or addresses)",
    z.object({ host: webmailHostSchema, kinds: z.array(kindSchema).min(1).max(KINDS.length) }).strict(),
    "extension.unrecognised_compose",
    (body) => ({ host: body.host, kinds: joinList(body.kinds) }),
  );

  // Where policy lets attachments the extension could not read go (unscannableSensitive off), a
  // draft holding one was let through to the webmail's Send: the admin can see that files went out
  // unchecked, where, how many and why. Never a file name, text or address.
  staffEvent(
    "/api/events/unchecked-attachment",
    "Record that a webmail draft holding attachments the extension could not scan was let through to Send, as policy allows: the host name, the number of such files and why they could not be scanned (never file names, text or addresses)",
    z
      .object({
        host: webmailHostSchema,
        reasons: z.array(z.enum(UNSCANNABLE_REASONS)).min(1).max(UNSCANNABLE_REASONS.length),
        files: z.number().int().min(1).max(100),
      })
      .strict(),
    "extension.unchecked_attachment",
    (body) => ({ host: body.host, reasons: joinList(body.reasons), files: body.files }),
  );
}
