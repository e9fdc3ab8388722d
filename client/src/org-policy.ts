// The organisation's policy as the server states it (GET /api/policy), and the last copy kept in
// browser.storage.local so the content script's questions (may the generic adapter run here?)
// have an answer while nobody is logged in. It holds no personal data. The extension passes a
// sealed store (`extension/src/secure/sealed-store.ts`): a copy it did not write is not trusted.
import { z } from "zod";
import type { Api } from "./api.ts";
import type { KeyValue } from "./key-value.ts";

export const orgPolicySchema = z.object({
  organisation: z.string(),
  allowPlainOverride: z.boolean(),
  /**
   * Whether staff may send mail flagged only by category words as ordinary e-mail, attesting it is
   * not about an individual person. Missing (an older server, an older stored copy) means no.
   */
  allowNotAboutPerson: z.boolean().default(false),
  requireAccessCode: z.boolean(),
  maxRetentionDays: z.number().int().min(1),
  maxAttachmentBytes: z.number().int().min(0),
  defaultExpiryDays: z.number().int().min(1),
  /** Detection kinds that make an access code mandatory for first-time recipients. */
  accessCodeKinds: z.array(z.string()),
  /** Host names where the generic adapter may guard every editor ("*.x" covers x's subdomains). */
  webmailDomains: z.array(z.string()),
  /** Whether an attachment that cannot be scanned (encrypted, image only, too large) counts as sensitive. */
  unscannableSensitive: z.boolean().default(true),
  /** Detection kinds the organisation switched off (the extension keeps the always-on ones regardless). */
  disabledKinds: z.array(z.string().max(40)).max(50).default([]),
  /** Organisation-specific words and phrases the extension counts as sensitive. */
  extraKeywords: z.array(z.string().max(61)).max(100).default([]),
  /** The organisation's extra paragraph for notification mails (plain text, no links; "" for none). */
  notificationText: z.string().max(500).default(""),
});
export type OrgPolicy = z.infer<typeof orgPolicySchema>;

const KEY = "orgPolicy";
const FETCHED_KEY = "orgPolicyFetchedAt";
/** The origin of the server the stored copy came from. */
const SERVER_KEY = "orgPolicyServer";

/**
 * How long a page load may use the stored copy before the policy is asked for again: an admin's
 * change reaches every browser within this time, and webmail page loads do not each cost the
 * server a request. Decisions that matter more (may this e-mail go out in plain text?) always ask.
 */
export const POLICY_FRESH_MS = 5 * 60_000;

/** Fetches the policy and keeps a copy (and when it was fetched); the server's answer is the truth. */
export async function refreshPolicy(api: Api, local: KeyValue, now: number = Date.now()): Promise<OrgPolicy> {
  const policy = await api.call(orgPolicySchema, "GET", "/api/policy");
  await local.set(KEY, policy);
  await local.set(FETCHED_KEY, now);
  await local.set(SERVER_KEY, api.server);
  return policy;
}

/**
 * How long a page load waits for a fresh policy before it goes on with the stored copy (or the safe
 * defaults). The webmail page is not guarded until the answer comes (on a host only the policy
 * lists), so a server that takes the connection and never answers must not keep it unguarded for
 * the browser's own timeout of a minute or more (independent review, D4).
 */
export const POLICY_WAIT_MS = 2_000;

/**
 * The policy for a page load: the stored copy while it is younger than `maxAgeMs`, else fresh
 * from the server; the stored copy (or null) when the server cannot be asked or has not answered
 * within `waitMs` (the request goes on, and its answer is stored for the next page load).
 */
export async function recentPolicy(
  api: Api,
  local: KeyValue,
  now: number = Date.now(),
  maxAgeMs: number = POLICY_FRESH_MS,
  waitMs: number = POLICY_WAIT_MS,
): Promise<OrgPolicy | null> {
  const cached = await cachedPolicy(local, api.server);
  const fetchedAt = z.number().safeParse(await local.get(FETCHED_KEY).catch(() => undefined));
  // A clock set back (negative age) counts as stale, not as fresh for ever.
  const age = fetchedAt.success ? now - fetchedAt.data : -1;
  if (cached !== null && age >= 0 && age < maxAgeMs) return cached;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      resolve(null);
    }, waitMs);
  });
  try {
    return (await Promise.race([refreshPolicy(api, local, now).catch(() => null), waited])) ?? cached;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The last policy fetched, or null (never fetched, the stored copy does not parse, or the store
 * refuses it: the extension's store throws for a copy it did not write itself). With `server` (an
 * origin or any URL on it), only a copy fetched from that server counts: a copy another server
 * handed out (a session on a server IT has since ruled out, see the extension's allowedServer)
 * must not keep deciding what is detected.
 */
export async function cachedPolicy(local: KeyValue, server: string | null = null): Promise<OrgPolicy | null> {
  if (server !== null) {
    const from = z.string().safeParse(await local.get(SERVER_KEY).catch(() => undefined));
    if (!from.success || !URL.canParse(server) || from.data !== new URL(server).origin) return null;
  }
  const parsed = orgPolicySchema.safeParse(await local.get(KEY).catch(() => undefined));
  return parsed.success ? parsed.data : null;
}

/**
 * Whether the access code is mandatory for this message: policy requires it always, or for a
 * kind of data the draft contains.
 */
export function accessCodeRequired(policy: OrgPolicy | null, kinds: readonly string[]): boolean {
  if (policy === null) return false;
  return policy.requireAccessCode || kinds.some((k) => policy.accessCodeKinds.includes(k));
}

/**
 * Tells the server that a flagged draft went out as a secure message instead of e-mail, for the
 * admin charts: the kinds of data found only (never text, addresses or the site). Best effort:
 * resolves false on any failure and never throws, so a report can never hold up or undo a send.
 */
export async function reportDiversion(api: Api, kinds: readonly string[]): Promise<boolean> {
  const unique = [...new Set(kinds)].slice(0, 16);
  if (unique.length === 0) return false;
  return api.call(z.object({ ok: z.literal(true) }), "POST", "/api/events/diversion", { kinds: unique }).then(
    () => true,
    () => false,
  );
}
