// The organisation's policy as the admin console edits it (GET/PATCH /api/admin/organisation).
// Every change is validated by the server and logged there.
import { z } from "zod";
import { call } from "./api.ts";

export const policySchema = z.object({
  name: z.string(),
  maxRetentionDays: z.number(),
  defaultExpiryDays: z.number(),
  requireAccessCode: z.boolean(),
  accessCodeKinds: z.array(z.string()),
  allowPlainOverride: z.boolean(),
  maxAttachmentBytes: z.number(),
  webmailDomains: z.array(z.string()),
  unscannableSensitive: z.boolean(),
});
export type Policy = z.infer<typeof policySchema>;
export type PolicyChange = Partial<Omit<Policy, "name">>;

/** The detection kinds a policy can name (the server's own list). */
export { KINDS as POLICY_KINDS } from "../../src/modules/policy/kinds.ts";

export function readPolicy(): Promise<Policy> {
  return call(policySchema, "GET", "/api/admin/organisation");
}

export function changePolicy(change: PolicyChange): Promise<Policy> {
  return call(policySchema, "PATCH", "/api/admin/organisation", change);
}

/** The webmail domains as typed in the form: one per line or separated by commas/spaces. */
export function parseDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d !== "");
}
