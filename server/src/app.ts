import { serverPath } from "./paths.ts";
import cors from "cors";
import express, { type Express } from "express";
import helmet from "helmet";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import type { Deps } from "./deps.ts";
import { AppError } from "./http/app-error.ts";
import { errorHandler } from "./http/error-handler.ts";
import { inFlightLimit } from "./http/in-flight.ts";
import { buildOpenApi } from "./http/openapi.ts";
import { RouteTable } from "./http/route.ts";
import { adminRoutes } from "./modules/admin/routes.ts";
import { auditRoutes } from "./modules/audit/routes.ts";
import { authRoutes } from "./modules/auth/routes.ts";
import { keyRoutes } from "./modules/keys/routes.ts";
import { policyRoutes } from "./modules/policy/routes.ts";
import { invitationRoutes } from "./modules/messages/invitations.ts";
import { messageRoutes } from "./modules/messages/routes.ts";
// Admin charts (issue 7).
import { statsRoutes } from "./modules/stats/routes.ts";
import { z } from "zod";

export const API_VERSION = "0.1.0";

/** Builds the HTTP application without listening, so tests and main.ts share it. */
export function createApp(deps: Deps): Express {
  const app = express();
  app.disable("x-powered-by");
  // A hop count or the proxies' addresses (never `true`): X-Forwarded-For entries a client wrote
  // itself, left of the trusted hops, are ignored (issue 20).
  const trust = deps.config.trustProxy;
  app.set("trust proxy", typeof trust === "number" ? trust : [...trust]);
  const secure = deps.config.publicUrl.startsWith("https://");

  app.use((req, res, next) => {
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    const started = performance.now();
    res.on("finish", () => {
      // Method, route pattern, status and time only: never bodies, query strings, tokens or addresses.
      deps.logger.info(
        {
          requestId,
          method: req.method,
          route: (req.route as { path?: string } | undefined)?.path ?? "unmatched",
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        "request",
      );
    });
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          // libsodium runs as WebAssembly in the portal (decryption in the browser); this allows
          // compiling WebAssembly only, never eval of JavaScript.
          scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      hsts: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "no-referrer" },
    }),
  );
  // API answers are personal and some carry secrets (session tokens, enrolment links, vault
  // entries, envelopes): no browser or proxy cache may keep them.
  app.use("/api", (_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  const allowed = new Set(deps.config.extensionOrigins);
  app.use(
    "/api",
    cors({
      origin: (origin, callback) => {
        callback(null, origin !== undefined && allowed.has(origin));
      },
      methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
      allowedHeaders: ["Authorization", "Content-Type"],
      credentials: false,
      maxAge: 600,
    }),
  );
  // Small bodies everywhere, except a message's envelope (up to 8 MiB of padded content, base64url).
  // The first parser that reads a body marks it read, so the general one below skips it.
  app.post("/api/messages", express.json({ limit: "12mb", strict: true }));
  app.use("/api", express.json({ limit: "256kb", strict: true }));
  // Counted once a JSON body has arrived, so clients that send their bodies slowly (slowloris) hold
  // no place; a streamed upload or download counts while it runs. Refused before any query, after
  // CORS so the extension can read the answer; one warning a second at most, with the count.
  let warned = 0;
  app.use(
    "/api",
    inFlightLimit(deps.config.maxRequestsInFlight, (current) => {
      const now = Date.now();
      if (now - warned < 1_000) return;
      warned = now;
      deps.logger.warn({ inFlight: current }, "server busy: requests refused");
    }),
  );

  const router = express.Router();
  const routes = new RouteTable(router);
  routes.add(
    {
      method: "get",
      path: "/api/health",
      summary: "Liveness",
      tag: "meta",
      access: "public",
      response: z.object({ status: z.literal("ok") }),
    },
    () => Promise.resolve({ status: "ok" as const }),
  );
  authRoutes(deps, routes);
  keyRoutes(deps, routes);
  adminRoutes(deps, routes);
  auditRoutes(deps, routes);
  messageRoutes(deps, routes);
  invitationRoutes(deps, routes);
  policyRoutes(deps, routes);
  // Admin charts (issue 7).
  statsRoutes(deps, routes);
  // The document describes every route, itself included, so it is built after all are declared.
  const openapi: { document?: unknown } = {};
  routes.add(
    {
      method: "get",
      path: "/api/openapi.json",
      summary: "This OpenAPI 3.1 document",
      tag: "meta",
      access: "public",
      response: z.object({ openapi: z.literal("3.1.0") }).loose(),
    },
    () => Promise.resolve(openapi.document as { openapi: "3.1.0" }),
  );
  openapi.document = buildOpenApi(routes.records, { version: API_VERSION, serverUrl: deps.config.publicUrl });
  app.use(router);
  servePortal(app);
  app.use((_req, _res, next) => {
    next(new AppError("NOT_FOUND", "No such endpoint."));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** The built web portal (`pnpm --filter @sigill/server build:portal`, which `npm start` runs). */
export const PORTAL_DIR = `${serverPath("portal", "dist")}/`;

/**
 * Serves the portal's files, and its page for every other GET outside /api (the portal routes by
 * address: /, /enrol, /m/<id>, …). Its hashed assets may be cached for long; the page may not.
 */
function servePortal(app: Express): void {
  app.use(
    "/assets",
    express.static(`${PORTAL_DIR}assets`, { immutable: true, maxAge: "365d", index: false, fallthrough: true }),
  );
  app.get(/^\/(?!api\/|api$|assets\/).*/, (req, res, next) => {
    if (!req.accepts("html")) {
      next();
      return;
    }
    const page = `${PORTAL_DIR}index.html`;
    if (!existsSync(page)) {
      res.status(503).type("text/plain").send("The Sigill web portal is not built: run `npm start`.");
      return;
    }
    res.setHeader("Cache-Control", "no-store");
    res.sendFile(page);
  });
}
