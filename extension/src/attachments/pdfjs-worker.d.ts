// pdfjs-dist ships no types for its worker module; it is only imported to be handed to pdf.js.
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
