import express, { type ErrorRequestHandler, type Express } from "express";

/** Builds the HTTP application without listening, so tests and main.ts share it. */
export function createApp(): Express {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: { code: "NOT_FOUND", message: "No such endpoint." } });
  });
  // Never echo request content or internals: unknown failures are a generic 500.
  const onError: ErrorRequestHandler = (_error, _req, res, _next) => {
    res.status(500).json({ error: { code: "INTERNAL", message: "Something went wrong." } });
  };
  app.use(onError);
  return app;
}
