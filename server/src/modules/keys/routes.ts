import { decodeBase64Url, fingerprint, inspectVaultEntry, isCryptoError, parsePublicBundle } from "@sigill/crypto";
import { directoryAnswer } from "@sigill/client/wire/directory";
import { z } from "zod";
import { base64Url } from "../../wire.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../http/app-error.ts";
import type { RouteTable } from "../../http/route.ts";
import { emailSchema, normaliseEmail } from "../accounts/email.ts";
import { ORG_ID } from "../accounts/enrolments.ts";
import { base64url } from "../auth/schemas.ts";
import { authOf, requireAccess } from "../auth/sessions.ts";
import { newId } from "../auth/tokens.ts";
import { resetAwaitingKeys } from "../accounts/reset-trail.ts";
import { appendAudit, requestMeta } from "../audit/log.ts";
import { noticeAccount } from "../notify/account-notices.ts";

const bundleText = base64url.min(100).max(1000);
const entryText = base64url.min(100).max(2000);

/** Parses client-supplied key material with @sigill/crypto; any failure is KEYS_INVALID. */
async function checked<T>(run: () => Promise<T>, what: string): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    if (isCryptoError(cause)) throw new AppError("KEYS_INVALID", `${what} is not valid (${cause.code})`, { cause });
    throw cause;
  }
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

export function keyRoutes(deps: Deps, routes: RouteTable): void {
  const session = requireAccess(deps, "session");
  const staff = requireAccess(deps, "staff");

  async function checkVaultEntries(accountId: string, signPublicKey: Uint8Array, entries: readonly string[]) {
    const passkeys = new Set(
      (await deps.db.passkey.findMany({ where: { accountId }, select: { id: true } })).map((p) => p.id),
    );
    const org = await deps.db.organisation.findUnique({ where: { id: ORG_ID } });
    const out = [];
    for (const text of entries) {
      const entry = await checked(() => decodeBase64Url(text), "a vault entry");
      const info = await checked(() => inspectVaultEntry(entry), "a vault entry");
      if (!same(info.signPublicKey, signPublicKey))
        throw new AppError("KEYS_INVALID", "a vault entry holds other keys than the bundle");
      let credentialId: string | null = null;
      if (info.method === "prf") {
        credentialId = base64Url(info.credentialId ?? new Uint8Array());
        if (!passkeys.has(credentialId))
          throw new AppError("KEYS_INVALID", "a PRF vault entry names a passkey this account does not have");
      }
      if (
        info.method === "archive" &&
        (org?.archivePublicKey == null || !same(info.archivePublicKey ?? new Uint8Array(), org.archivePublicKey))
      ) {
        throw new AppError("KEYS_INVALID", "an archive vault entry is not sealed to the organisation's archive key");
      }
      out.push({ method: info.method, credentialId, entry });
    }
    return { entries: out, archiveRequired: org?.archivePublicKey != null };
  }

  routes.add(
    {
      method: "put",
      path: "/api/keys",
      summary: "Publish my signed public bundle and encrypted key vault (a new identity supersedes the old one)",
      tag: "keys",
      access: "session",
      before: [session],
      body: z.object({ bundle: bundleText, vault: z.array(entryText).min(1).max(20) }).strict(),
      response: z.object({ fingerprint: z.string(), keyChanged: z.boolean() }),
    },
    async ({ body }, req, res) => {
      const ctx = authOf(res);
      const account = await deps.db.account.findUniqueOrThrow({ where: { id: ctx.accountId } });
      const bytes = await checked(() => decodeBase64Url(body.bundle), "the bundle");
      const bundle = await checked(() => parsePublicBundle(bytes), "the bundle");
      if (bundle.accountId !== account.id || bundle.address !== account.email) {
        throw new AppError("KEYS_INVALID", "the bundle names another account or address");
      }
      const { entries, archiveRequired } = await checkVaultEntries(account.id, bundle.signPublicKey, body.vault);
      // A passkey must never be the only way in: losing it would lose every message.
      if (!entries.some((e) => e.method === "recovery"))
        throw new AppError("KEYS_INVALID", "a recovery-code vault entry is required");
      if (archiveRequired && !entries.some((e) => e.method === "archive")) {
        throw new AppError("KEYS_INVALID", "organisation policy requires an archive vault entry");
      }
      const print = await fingerprint(bundle);
      const now = deps.now();
      const keyChanged = await deps.db.$transaction(async (tx) => {
        const current = await tx.keyBundle.findFirst({ where: { accountId: account.id, supersededAt: null } });
        const unchanged =
          current !== null &&
          same(current.signPublicKey, bundle.signPublicKey) &&
          same(current.boxPublicKey, bundle.boxPublicKey);
        if (!unchanged) {
          if (current !== null) await tx.keyBundle.update({ where: { id: current.id }, data: { supersededAt: now } });
          await tx.keyBundle.create({
            data: {
              id: newId(),
              accountId: account.id,
              bundle: new Uint8Array(bytes),
              signPublicKey: new Uint8Array(bundle.signPublicKey),
              boxPublicKey: new Uint8Array(bundle.boxPublicKey),
              fingerprint: print,
              createdAt: now,
            },
          });
        }
        await tx.vaultEntry.deleteMany({ where: { accountId: account.id } });
        for (const e of entries) {
          await tx.vaultEntry.create({
            data: {
              id: newId(),
              accountId: account.id,
              method: e.method,
              credentialId: e.credentialId,
              entry: new Uint8Array(e.entry),
              createdAt: now,
            },
          });
        }
        return current !== null && !unchanged;
      });
      // The first publication after a reset names the admin who started the reset.
      const trail = await resetAwaitingKeys(deps, account.id);
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "keys.published",
        actorId: account.id,
        subjectId: account.id,
        details: { keyChanged, fingerprint: print, vaultEntries: entries.length, ...trail },
      });
      // Senders encrypt to the new key from now on: the person must hear of it if it was not them.
      if (keyChanged) await noticeAccount(deps, account.id, "keys-changed");
      return { fingerprint: print, keyChanged };
    },
  );

  routes.add(
    {
      method: "post",
      path: "/api/keys/vault",
      summary: "Add one vault entry for my current keys (e.g. the PRF entry of a new passkey)",
      tag: "keys",
      access: "session",
      status: 201,
      before: [session],
      body: z.object({ entry: entryText }).strict(),
      response: z.object({ ok: z.literal(true) }),
    },
    async ({ body }, req, res) => {
      const accountId = authOf(res).accountId;
      const current = await deps.db.keyBundle.findFirst({ where: { accountId, supersededAt: null } });
      if (current === null) throw new AppError("CONFLICT", "publish a key bundle first");
      const [e] = (await checkVaultEntries(accountId, current.signPublicKey, [body.entry])).entries;
      if (e === undefined) throw new AppError("KEYS_INVALID", "no vault entry");
      await deps.db.$transaction(async (tx) => {
        if (e.method !== "recovery")
          await tx.vaultEntry.deleteMany({ where: { accountId, method: e.method, credentialId: e.credentialId } });
        await tx.vaultEntry.create({
          data: {
            id: newId(),
            accountId,
            method: e.method,
            credentialId: e.credentialId,
            entry: new Uint8Array(e.entry),
            createdAt: deps.now(),
          },
        });
      });
      await appendAudit(deps, {
        ...requestMeta(req),
        type: "keys.vault_added",
        actorId: accountId,
        subjectId: accountId,
        details: { method: e.method },
      });
      return { ok: true as const };
    },
  );

  routes.add(
    {
      method: "get",
      path: "/api/keys/me",
      summary: "My current bundle and vault entries (ciphertext), to unlock my keys on this device",
      tag: "keys",
      access: "session",
      before: [session],
      response: z.object({
        bundle: z.string(),
        fingerprint: z.string(),
        vault: z.array(
          z.object({
            method: z.enum(["prf", "recovery", "archive"]),
            credentialId: z.string().nullable(),
            entry: z.string(),
          }),
        ),
      }),
    },
    async (_input, req, res) => {
      const accountId = authOf(res).accountId;
      const current = await deps.db.keyBundle.findFirst({ where: { accountId, supersededAt: null } });
      if (current === null) throw new AppError("NOT_FOUND", "no keys published yet");
      const vault = await deps.db.vaultEntry.findMany({ where: { accountId }, orderBy: { createdAt: "asc" } });
      return {
        bundle: base64Url(current.bundle),
        fingerprint: current.fingerprint,
        vault: vault.map((v) => ({
          method: v.method as "prf" | "recovery" | "archive",
          credentialId: v.credentialId,
          entry: base64Url(v.entry),
        })),
      };
    },
  );

  // The address goes in the body, never in the URL: proxies in front of Sigill log URLs with their
  // query strings (nginx's default format does), and guardians' addresses must not end up there.
  routes.add(
    {
      method: "post",
      path: "/api/directory/lookup",
      summary: "Look up a person's public key bundle and key history by e-mail address (staff)",
      tag: "keys",
      access: "staff",
      before: [staff],
      body: z.object({ email: emailSchema }).strict(),
      response: directoryAnswer,
    },
    async ({ body }) => {
      const email = normaliseEmail(body.email);
      const account = await deps.db.account.findUnique({ where: { email } });
      if (account === null || account.status !== "active")
        throw new AppError("NOT_FOUND", "no Sigill account for this address");
      const bundles = await deps.db.keyBundle.findMany({
        where: { accountId: account.id },
        orderBy: { createdAt: "desc" },
      });
      const current = bundles.find((b) => b.supersededAt === null);
      return {
        email,
        accountId: account.id,
        current:
          current === undefined
            ? null
            : {
                bundle: base64Url(current.bundle),
                fingerprint: current.fingerprint,
                createdAt: current.createdAt.toISOString(),
              },
        history: bundles
          .filter((b) => b.supersededAt !== null)
          .map((b) => ({
            fingerprint: b.fingerprint,
            createdAt: b.createdAt.toISOString(),
            supersededAt: (b.supersededAt ?? b.createdAt).toISOString(),
          })),
      };
    },
  );
}
