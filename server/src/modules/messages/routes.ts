// The messages API's routes: declarations only (path, access, schemas, summary). Each handler
// calls a use case with plain inputs: create.ts, upload.ts, read.ts and manage.ts.
import express from "express";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import { perAccountLimit } from "../../http/in-flight.ts";
import type { RouteTable } from "../../http/route.ts";
import { requestMeta } from "../audit/log.ts";
import { base64url } from "../auth/schemas.ts";
import { authOf, requireAccess } from "../auth/sessions.ts";
import {
  committedAnswer,
  createAnswer,
  messageAnswer,
  messageListAnswer,
  okAnswer,
  pieceAnswer,
  recalledAnswer,
  threadAnswer,
  uploadStatusAnswer,
} from "@sigill/client/wire/messages";
import { createBody, createMessage } from "./create.ts";
import { invitationBody } from "./stanzas.ts";
import { adoptMessage, recallMessage, reissueInvitation } from "./manage.ts";
import { downloadAttachment, listMessages, openMessage, threadMessages } from "./read.ts";
import { PIECE_MAX, commitMessage, pieceSignals, uploadPiece, uploadStatus } from "./upload.ts";

const messageId = base64url.length(22);
const attachmentParams = z.object({ id: messageId, attachmentId: messageId }).strict();

export function messageRoutes(deps: Deps, routes: RouteTable): void {
  const signals = pieceSignals();
  const session = requireAccess(deps, "session");
  const staff = requireAccess(deps, "staff");
  // Downloads and piece uploads hold their place while the client takes its time: per account too.
  const transfers = perAccountLimit(deps.config.maxTransfersPerAccount, (res) => authOf(res).accountId);

  routes.add(
    {
      method: "post",
      path: "/api/messages",
      summary:
        "Create a message: signed envelope, a key stanza per account reader (the sender's own included) and invitations for first-time recipients; with attachments it stays invisible until committed",
      tag: "messages",
      access: "session",
      status: 201,
      before: [session],
      body: createBody,
      response: createAnswer,
    },
    async ({ body }, req, res) => createMessage(deps, authOf(res), body, requestMeta(req)),
  );

  routes.add(
    {
      method: "put",
      path: "/api/messages/:id/attachments/:attachmentId/pieces/:index",
      summary:
        "Upload the next piece (at most 1 MiB) of an attachment's ciphertext; the piece after it may be sent at the same time (it waits up to 2 s for its predecessor); re-sending the last piece is harmless, so an interrupted upload resumes at the status's nextIndex",
      tag: "messages",
      access: "session",
      before: [session, transfers, express.raw({ type: "application/octet-stream", limit: PIECE_MAX })],
      params: z
        .object({ id: messageId, attachmentId: messageId, index: z.coerce.number().int().min(0).max(1_000_000) })
        .strict(),
      rawBody: "application/octet-stream",
      response: pieceAnswer,
    },
    async ({ params }, req, res) => {
      if (!Buffer.isBuffer(req.body))
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", "send the piece as application/octet-stream");
      return uploadPiece(deps, signals, {
        accountId: authOf(res).accountId,
        messageId: params.id,
        attachmentId: params.attachmentId,
        index: params.index,
        piece: req.body,
      });
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/messages/:id/attachments/:attachmentId/status",
      summary: "How much of an attachment has arrived (to resume an interrupted upload)",
      tag: "messages",
      access: "session",
      before: [session],
      params: attachmentParams,
      response: uploadStatusAnswer,
    },
    async ({ params }, _req, res) =>
      uploadStatus(deps, { accountId: authOf(res).accountId, messageId: params.id, attachmentId: params.attachmentId }),
  );

  routes.add(
    {
      method: "post",
      path: "/api/messages/:id/commit",
      summary: "Make a message with attachments visible, once every attachment has fully arrived",
      tag: "messages",
      access: "session",
      before: [session],
      params: z.object({ id: messageId }).strict(),
      response: committedAnswer,
    },
    async ({ params }, req, res) => {
      await commitMessage(deps, { accountId: authOf(res).accountId, messageId: params.id }, requestMeta(req));
      return { status: "committed" as const };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/messages",
      summary: "My inbox (messages to me) or sent messages, newest first, with paging",
      tag: "messages",
      access: "session",
      before: [session],
      query: z
        .object({
          box: z.enum(["inbox", "sent"]).default("inbox"),
          cursor: messageId.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(25),
        })
        .strict(),
      response: messageListAnswer,
    },
    async ({ query }, _req, res) => listMessages(deps, { accountId: authOf(res).accountId, ...query }),
  );

  routes.add(
    {
      method: "get",
      path: "/api/threads/:threadId",
      summary: "The messages of a thread that I can read, oldest first",
      tag: "messages",
      access: "session",
      before: [session],
      params: z.object({ threadId: messageId }).strict(),
      response: threadAnswer,
    },
    async ({ params }, _req, res) =>
      threadMessages(deps, { accountId: authOf(res).accountId, threadId: params.threadId }),
  );

  routes.add(
    {
      method: "get",
      path: "/api/messages/:id",
      summary:
        "One message: envelope, my key stanza, the sender's bundles to verify it, attachments; the first fetch by a reader is their read receipt; senders also see receipts",
      tag: "messages",
      access: "session",
      before: [session],
      params: z.object({ id: messageId }).strict(),
      response: messageAnswer,
    },
    async ({ params }, req, res) =>
      openMessage(deps, { accountId: authOf(res).accountId, messageId: params.id }, requestMeta(req)),
  );

  routes.add(
    {
      method: "get",
      path: "/api/messages/:id/attachments/:attachmentId",
      summary: "Download an attachment's ciphertext as a stream (Range: bytes=N- resumes a dropped download)",
      tag: "messages",
      access: "session",
      before: [session, transfers],
      params: attachmentParams,
      response: z.unknown(),
      rawResponse: "application/octet-stream",
    },
    async ({ params }, req, res) => {
      await downloadAttachment(
        deps,
        {
          accountId: authOf(res).accountId,
          messageId: params.id,
          attachmentId: params.attachmentId,
          range: req.headers.range,
        },
        res,
        requestMeta(req),
      );
      return undefined;
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/messages/:id/stanzas",
      summary:
        "Adopt a message after opening its invitation: add my own key stanza (sealed to my published key); the invitation closes",
      tag: "messages",
      access: "session",
      status: 201,
      before: [session],
      params: z.object({ id: messageId }).strict(),
      body: z.object({ stanza: base64url.max(400) }).strict(),
      response: okAnswer,
    },
    async ({ params, body }, req, res) => {
      await adoptMessage(
        deps,
        { accountId: authOf(res).accountId, messageId: params.id, stanza: body.stanza },
        requestMeta(req),
      );
      return { ok: true as const };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/messages/:id/recall",
      summary:
        "Withdraw a message I sent: its ciphertext, chunks and key stanzas are deleted at once; readers see that it was withdrawn",
      tag: "messages",
      access: "session",
      before: [session],
      params: z.object({ id: messageId }).strict(),
      response: recalledAnswer,
    },
    async ({ params }, req, res) => {
      await recallMessage(deps, { accountId: authOf(res).accountId, messageId: params.id }, requestMeta(req));
      return { status: "recalled" as const };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/messages/:id/invitations/reissue",
      summary:
        "Reissue a first-time recipient's invitation: a new bound invitation (new link secret, release key and access code or none, sealed by the sender's client) replaces the old one, unlocked with its tries reset; the person needs the new link",
      tag: "messages",
      access: "staff",
      before: [staff],
      params: z.object({ id: messageId }).strict(),
      body: invitationBody,
      response: okAnswer,
    },
    async ({ params, body }, req, res) => {
      await reissueInvitation(
        deps,
        { accountId: authOf(res).accountId, messageId: params.id, invitation: body },
        requestMeta(req),
      );
      return { ok: true as const };
    },
  );
}
