// Where the server package's own files are, whether it runs from src/ (tests, tsx) or from the
// built dist/ (npm start, production): both are one level below the package root, so this module
// must stay directly in src/ (the bundler puts it in a file directly in dist/).
import { fileURLToPath } from "node:url";

/** The server package's directory (holds package.json, prisma/, portal/, sigill.env). */
export const SERVER_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A path inside the server package. */
export const serverPath = (...parts: string[]): string => [SERVER_ROOT.replace(/\/$/, ""), ...parts].join("/");
