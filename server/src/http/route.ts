// Routes are declared once: the declaration parses every input with zod before the handler runs,
// and the same declaration feeds the OpenAPI document, so the two cannot drift apart.
import type { Request, RequestHandler, Response, Router } from "express";
import { z } from "zod";
import { AppError } from "./app-error.ts";

export type Method = "get" | "post" | "put" | "patch" | "delete";
export type Access = "public" | "session" | "staff" | "admin";

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType> {
  readonly method: Method;
  /** Express path, e.g. `/api/passkeys/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  readonly response: R;
  /** For routes whose body is raw bytes (not JSON): its media type, for the OpenAPI document. */
  readonly rawBody?: string;
  /** For routes that stream their answer themselves: its media type (the handler writes it). */
  readonly rawResponse?: string;
  /** Status of a successful answer (default 200). */
  readonly status?: number;
  /** Extra middleware run before parsing (rate limits, authentication). */
  readonly before?: readonly RequestHandler[];
}

export interface Parsed<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
}

type Handler<B, Q, P, R> = (input: Parsed<B, Q, P>, req: Request, res: Response) => Promise<R>;

/** A declared route, as kept for the OpenAPI document. */
export interface RouteRecord {
  readonly spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;
}

const empty = z.object({}).strict();

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    // Name the field and the rule, never echo the value.
    throw new AppError(
      "BAD_REQUEST",
      `invalid ${where}${path === "" ? "" : ` field '${path}'`}: ${issue?.code ?? "invalid"}`,
    );
  }
  return result.data;
}

export class RouteTable {
  readonly records: RouteRecord[] = [];
  private readonly router: Router;

  constructor(router: Router) {
    this.router = router;
  }

  add<
    B extends z.ZodType = typeof empty,
    Q extends z.ZodType = typeof empty,
    P extends z.ZodType = typeof empty,
    R extends z.ZodType = z.ZodType,
  >(spec: RouteSpec<B, Q, P, R>, handler: Handler<z.infer<B>, z.infer<Q>, z.infer<P>, z.infer<R>>): void {
    this.records.push({ spec: spec });
    const run: RequestHandler = async (req, res) => {
      if (spec.body !== undefined && req.method !== "GET" && !req.is("application/json")) {
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", "send application/json");
      }
      const input = {
        body: parse(spec.body ?? empty, spec.body === undefined ? {} : (req.body as unknown), "body"),
        query: parse(spec.query ?? empty, { ...req.query }, "query"),
        params: parse(spec.params ?? empty, { ...req.params }, "path"),
      } as Parsed<z.infer<B>, z.infer<Q>, z.infer<P>>;
      const result = await handler(input, req, res);
      if (!res.headersSent) res.status(spec.status ?? 200).json(result);
    };
    this.router[spec.method](spec.path, ...(spec.before ?? []), run);
  }
}
