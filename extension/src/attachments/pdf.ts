// PDF: the text layer of every page, read by pdf.js (legacy build, so it also runs on Node 20).
// pdf.js runs in this thread: its worker module is imported and published as
// globalThis.pdfjsWorker, which pdf.js uses instead of starting a worker of its own. Nothing is
// fetched (no CMaps, standard fonts or wasm decoders: text extraction does not need them) and
// nothing is evaluated (isEvalSupported: false).
import { AttachmentError } from "./errors.ts";
import type { TextBuilder } from "./text-builder.ts";

type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let loading: Promise<Pdfjs> | undefined;

function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const scope = globalThis as { window?: unknown; importScripts?: unknown; pdfjsWorker?: unknown };
    // In a Worker, pdf.js's worker module starts serving its own protocol on `self` when it is
    // evaluated (it posts a "ready" message to whoever created the worker). It skips that when a
    // `window` exists, so one is lent while the module loads: we call it in this thread instead.
    const inWorker = typeof scope.window === "undefined" && typeof scope.importScripts === "function";
    if (inWorker) scope.window = globalThis;
    let worker: unknown;
    try {
      worker = await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    } finally {
      if (inWorker) delete scope.window;
    }
    scope.pdfjsWorker = worker;
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })().catch((error: unknown) => {
    loading = undefined; // a failed chunk load is retried by the next PDF
    throw new AttachmentError("corrupt", { cause: error });
  });
  return loading;
}

/**
 * Fewer letters and digits than this per page, on average, and the PDF is taken to be scanned
 * images; so is one page below it that paints a picture (a scanned page among typed ones).
 */
const MIN_CHARS_PER_PAGE = 10;

/** The pdf.js operators that paint a picture (a scan is one). */
const IMAGE_OPS = [
  "paintImageXObject",
  "paintImageXObjectRepeat",
  "paintInlineImageXObject",
  "paintInlineImageXObjectGroup",
  "paintImageMaskXObject",
  "paintImageMaskXObjectGroup",
  "paintImageMaskXObjectRepeat",
] as const;

const errorName = (error: unknown) =>
  typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";

export async function extractPdf(bytes: Uint8Array, out: TextBuilder, maxPages: number): Promise<void> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdf.js may take ownership of the buffer it is given, and refuses Node's Buffer: a plain copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    useWorkerFetch: false,
    useSystemFonts: false,
    disableFontFace: true,
    enableXfa: false,
    stopAtErrors: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let document;
    try {
      document = await task.promise;
    } catch (error) {
      throw new AttachmentError(errorName(error) === "PasswordException" ? "encrypted" : "corrupt", { cause: error });
    }
    if (document.numPages > maxPages) throw new AttachmentError("too-many-pages");
    const imageOps = new Set<number>(IMAGE_OPS.map((name) => pdfjs.OPS[name]));
    let letters = 0;
    for (let number = 1; number <= document.numPages; number++) {
      let lines: string;
      let pictureOnly = false;
      let onPage: number;
      try {
        const page = await document.getPage(number);
        const content = await page.getTextContent();
        lines = content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join("");
        onPage = lines.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
        // A page without text that paints a picture is most likely a scan: its content is not read
        // (independent review, D3: one typed cover page let three scanned pages pass as "clean").
        if (onPage < MIN_CHARS_PER_PAGE) {
          const ops = await page.getOperatorList();
          pictureOnly = ops.fnArray.some((op) => imageOps.has(op));
        }
        page.cleanup();
      } catch (error) {
        throw new AttachmentError("corrupt", { cause: error });
      }
      if (pictureOnly) throw new AttachmentError("image-only");
      letters += onPage;
      out.separate("\n\n");
      out.add(lines, { page: number });
    }
    if (letters < MIN_CHARS_PER_PAGE * document.numPages) throw new AttachmentError("image-only");
  } finally {
    await task.destroy();
  }
}
