// The client for the Sigill server API (the extension's pages and the web portal). Every answer is parsed with a schema; any
// failure is one SigillError with a code the UI can explain (and never the request's content).
import { z } from "zod";

export type SigillErrorCode =
  | "NETWORK" // the server could not be reached
  | "SERVER" // the server answered with an error code (see `serverCode`)
  | "PROTOCOL" // the answer did not have the expected shape
  | "NOT_LOGGED_IN"
  | "KEY_CHANGED" // a recipient's key differs from the pinned one
  | "KEY_GONE" // a recipient with a pinned key has no key in the directory any more
  | "TOO_MANY_RECIPIENTS" // more than MAX_RECIPIENTS (limits.ts) in To, Cc and Bcc together
  | "NO_PRF" // the passkey gave no PRF output: unlock with the recovery code
  | "BAD_LINK" // a message link that is cut off or damaged
  | "BAD_CODE" // an access code of the wrong form (not 12 digits)
  | "INSECURE_SERVER" // a server address over plain http (allowed only on localhost and 127.0.0.1)
  | "SERVER_NOT_ALLOWED" // another server than the one IT set by policy (the message names that one)
  | "CANCELLED"; // the person cancelled the passkey prompt

export class SigillError extends Error {
  readonly code: SigillErrorCode;
  readonly serverCode: string | undefined;
  readonly status: number | undefined;

  constructor(
    code: SigillErrorCode,
    message: string,
    extra: { serverCode?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "SigillError";
    this.code = code;
    this.serverCode = extra.serverCode;
    this.status = extra.status;
  }
}

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface ApiOptions {
  readonly server: string;
  readonly token?: string;
  readonly csrf?: string;
  readonly fetch?: typeof fetch;
}

/**
 * A thin typed caller. The extension's session is a bearer `token`; the portal's is an HttpOnly
 * cookie (same origin), with `csrf` sent on every call that changes something.
 */
export class Api {
  readonly server: string;
  token: string | undefined;
  csrf: string | undefined;
  private readonly fetcher: typeof fetch;

  constructor(options: ApiOptions) {
    this.server = new URL(options.server).origin;
    this.token = options.token;
    this.csrf = options.csrf;
    this.fetcher = options.fetch ?? fetch.bind(globalThis);
  }

  /** GETs raw bytes (attachment ciphertext). */
  async bytes(path: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.fetchOk(path)).arrayBuffer());
  }

  /** The body as a stream, for downloads too large to hold in memory. */
  async stream(path: string): Promise<ReadableStream<Uint8Array>> {
    const res = await this.fetchOk(path);
    if (res.body === null) throw new SigillError("PROTOCOL", "the server sent no body");
    return res.body;
  }

  private async fetchOk(path: string): Promise<Response> {
    let res: Response;
    try {
      res = await this.fetcher(`${this.server}${path}`, {
        headers: this.token === undefined ? {} : { authorization: `Bearer ${this.token}` },
      });
    } catch (cause) {
      throw new SigillError("NETWORK", "the Sigill server could not be reached", { cause });
    }
    if (res.status === 401) throw new SigillError("NOT_LOGGED_IN", "log in again", { status: 401 });
    if (!res.ok) throw new SigillError("SERVER", `HTTP ${String(res.status)}`, { status: res.status });
    return res;
  }

  async call<T extends z.ZodType>(
    schema: T,
    method: string,
    path: string,
    body?: unknown,
    raw?: Uint8Array,
  ): Promise<z.infer<T>> {
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    if (this.csrf !== undefined && method !== "GET") headers["x-csrf-token"] = this.csrf;
    if (body !== undefined) headers["content-type"] = "application/json";
    if (raw !== undefined) headers["content-type"] = "application/octet-stream";
    let res: Response;
    try {
      res = await this.fetcher(`${this.server}${path}`, {
        method,
        headers,
        credentials: "same-origin",
        ...(body !== undefined && { body: JSON.stringify(body) }),
        // Bytes go as a Blob: Chromium copies a typed-array body on the page's thread (about 35 ms
        // per MiB, measured), a Blob it hands to the network process (about 3 ms).
        ...(raw !== undefined && { body: new Blob([raw as Uint8Array<ArrayBuffer>]) }),
      });
    } catch (cause) {
      throw new SigillError("NETWORK", "the Sigill server could not be reached", { cause });
    }
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = errorBody.safeParse(json);
      if (res.status === 401) throw new SigillError("NOT_LOGGED_IN", "log in again", { status: 401 });
      throw new SigillError("SERVER", parsed.success ? parsed.data.error.message : `HTTP ${String(res.status)}`, {
        status: res.status,
        ...(parsed.success && { serverCode: parsed.data.error.code }),
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SigillError("PROTOCOL", "unexpected answer from the server");
    return parsed.data;
  }
}
