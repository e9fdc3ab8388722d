// The portal's client for the Sigill API (same origin). The session is an HttpOnly cookie the
// page never sees; state-changing calls carry the CSRF token the session endpoint gives. Every
// answer is parsed with a schema; a failure is one PortalError with the server's code.
import { z } from "zod";

export class PortalError extends Error {
  /** The server's error code (e.g. NOT_FOUND, INVITATION_LOCKED), or NETWORK / PROTOCOL / CANCELLED. */
  readonly code: string;
  readonly status: number | undefined;
  constructor(code: string, message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PortalError";
    this.code = code;
    this.status = status;
  }
}

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

let csrfToken: string | undefined;

/** Remembers the CSRF token of the current session (from GET /api/session). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export async function call<T extends z.ZodType>(
  schema: T,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<z.infer<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken !== undefined) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    throw new PortalError("NETWORK", "the server could not be reached", undefined, { cause });
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = errorBody.safeParse(json);
    throw new PortalError(
      parsed.success ? parsed.data.error.code : "SERVER",
      parsed.success ? parsed.data.error.message : `HTTP ${String(res.status)}`,
      res.status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PortalError("PROTOCOL", "the server's answer had an unexpected shape", res.status);
  return parsed.data;
}
