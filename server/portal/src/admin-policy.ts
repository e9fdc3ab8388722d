// The organisation's policy as the admin console edits it (GET/PATCH /api/admin/organisation).
// Every change is validated by the server and logged there.
import { z } from "zod";
import {
  keywordSchema,
  looksLikeLink,
  MAX_KEYWORDS,
  MAX_NOTIFICATION_TEXT,
  notificationTextSchema,
  organisationNameSchema,
} from "../../src/modules/policy/kinds.ts";
import { call } from "./api.ts";

export const policySchema = z.object({
  name: z.string(),
  maxRetentionDays: z.number(),
  defaultExpiryDays: z.number(),
  requireAccessCode: z.boolean(),
  accessCodeKinds: z.array(z.string()),
  allowPlainOverride: z.boolean(),
  allowNotAboutPerson: z.boolean(),
  maxAttachmentBytes: z.number(),
  webmailDomains: z.array(z.string()),
  unscannableSensitive: z.boolean(),
  disabledKinds: z.array(z.string()),
  extraKeywords: z.array(z.string()),
  notificationText: z.string(),
});
export type Policy = z.infer<typeof policySchema>;
export type PolicyChange = Partial<Policy>;

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

// ---- Issue 7: detection settings, organisation name, notification text ----

export {
  ALWAYS_ON_KINDS,
  MAX_KEYWORDS,
  MAX_NOTIFICATION_TEXT,
  SWITCHABLE_KINDS,
} from "../../src/modules/policy/kinds.ts";

/** The extra keywords as typed in the form: one per line, blank lines and repeats ignored. */
export function parseKeywords(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((k) => k.trim().replace(/\s+/g, " ").toLowerCase())
        .filter((k) => k !== ""),
    ),
  ];
}

/** What is wrong with a field, checked with the server's own schemas before saving. */
export type FieldProblem =
  | { field: "name"; problem: "invalid" }
  | { field: "notice"; problem: "link" | "long" | "lines" | "invalid" }
  | { field: "keywords"; problem: "invalid"; word: string }
  | { field: "keywords"; problem: "too-many" };

export function checkPolicyText(form: { name: string; notificationText: string; keywords: string[] }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!organisationNameSchema.safeParse(form.name).success) problems.push({ field: "name", problem: "invalid" });
  const notice = notificationTextSchema.safeParse(form.notificationText);
  if (!notice.success) {
    const text = form.notificationText.trim();
    problems.push({
      field: "notice",
      problem: looksLikeLink(text)
        ? "link"
        : text.length > MAX_NOTIFICATION_TEXT
          ? "long"
          : text.split(/\r?\n/).length > 6
            ? "lines"
            : "invalid",
    });
  }
  const bad = form.keywords.find((k) => !keywordSchema.safeParse(k).success);
  if (bad !== undefined) problems.push({ field: "keywords", problem: "invalid", word: bad });
  else if (form.keywords.length > MAX_KEYWORDS) problems.push({ field: "keywords", problem: "too-many" });
  return problems;
}
