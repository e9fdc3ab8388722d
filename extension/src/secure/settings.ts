// Settings: what the person chose (browser.storage.local) under what IT decided
// (browser.storage.managed, from enterprise policy). Policy wins and locks the field.
import { z } from "zod";

/** The pages' language: "auto" follows the browser (English only when it asks for English). */
export const LANGUAGE_SETTINGS = ["auto", "sv", "en"] as const;
export type LanguageSetting = (typeof LANGUAGE_SETTINGS)[number];

/** The fields a person or policy can set, by their stored names. */
const FIELDS = ["serverUrl", "organisationName", "lockIdleMinutes", "language", "notificationEnglish"] as const;

export interface Settings {
  readonly serverUrl: string | null;
  readonly organisationName: string;
  readonly lockIdleMs: number;
  readonly language: LanguageSetting;
  /** Whether the notification mail has an English part after the Swedish one. */
  readonly notificationEnglish: boolean;
  /** The fields set by enterprise policy (shown read-only). */
  readonly lockedByPolicy: readonly (typeof FIELDS)[number][];
}

const schema = z
  .object({
    serverUrl: z
      .url()
      .refine((u) => /^https?:\/\//.test(u), "http(s) only")
      .optional(),
    organisationName: z.string().trim().min(1).max(100).optional(),
    lockIdleMinutes: z.number().int().min(1).max(480).optional(),
    language: z.enum(LANGUAGE_SETTINGS).optional(),
    notificationEnglish: z.boolean().optional(),
  })
  .partial();

export const DEFAULT_SETTINGS = {
  organisationName: "Sigill",
  lockIdleMinutes: 15,
  language: "auto",
  notificationEnglish: false,
} as const;

/** Each source is parsed on its own; a bad value is ignored (never half-applied). */
function parse(raw: unknown): z.infer<typeof schema> {
  const out: z.infer<typeof schema> = {};
  if (typeof raw !== "object" || raw === null) return out;
  for (const key of FIELDS) {
    const one = schema.safeParse({ [key]: (raw as Record<string, unknown>)[key] });
    if (one.success && one.data[key] !== undefined) Object.assign(out, { [key]: one.data[key] });
  }
  return out;
}

export function mergeSettings(managedRaw: unknown, localRaw: unknown): Settings {
  const managed = parse(managedRaw);
  const local = parse(localRaw);
  const pick = <K extends keyof typeof managed>(k: K) => managed[k] ?? local[k];
  // A server IT set that does not parse still locks the server (to no server at all: the account
  // page then refuses every link and login and says so), rather than fall back to one the person chose.
  const serverSetButBad =
    managed.serverUrl === undefined &&
    typeof managedRaw === "object" &&
    managedRaw !== null &&
    (managedRaw as Record<string, unknown>).serverUrl !== undefined;
  return {
    serverUrl: serverSetButBad ? "" : (pick("serverUrl") ?? null),
    organisationName: pick("organisationName") ?? DEFAULT_SETTINGS.organisationName,
    lockIdleMs: (pick("lockIdleMinutes") ?? DEFAULT_SETTINGS.lockIdleMinutes) * 60_000,
    language: pick("language") ?? DEFAULT_SETTINGS.language,
    notificationEnglish: pick("notificationEnglish") ?? DEFAULT_SETTINGS.notificationEnglish,
    lockedByPolicy: FIELDS.filter((k) => managed[k] !== undefined || (k === "serverUrl" && serverSetButBad)),
  };
}

/** Reads the two storage areas the extension keeps settings in (managed may be unavailable). */
export async function loadSettings(areas: {
  managed: { get(): Promise<Record<string, unknown>> };
  local: { get(key: string): Promise<Record<string, unknown>> };
}): Promise<Settings> {
  const managed = await areas.managed.get().catch(() => ({}));
  const local = (await areas.local.get("settings")).settings;
  return mergeSettings(managed, local);
}
