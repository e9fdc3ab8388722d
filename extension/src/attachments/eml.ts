// E-mail files (.eml): Subject, From, To and Cc and the names of attached files as header lines,
// then the text part (or the HTML part as text). postal-mime decodes quoted-printable, base64,
// encoded words and charsets. Attached files themselves are not opened.
import PostalMime, { type Address } from "postal-mime";
import { AttachmentError } from "./errors.ts";
import { htmlToText } from "./html.ts";
import type { TextBuilder } from "./text-builder.ts";
import type { ScanLocation } from "./types.ts";

const BODY: ScanLocation = { part: "body" };
const HEADER: ScanLocation = { part: "header" };

function formatAddress(address: Address): string {
  if (address.group !== undefined) return `${address.name}: ${address.group.map(formatAddress).join(", ")}`;
  return address.name !== "" ? `${address.name} <${address.address}>` : address.address;
}

export async function extractEml(bytes: Uint8Array, out: TextBuilder): Promise<void> {
  let email;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: "arraybuffer" });
  } catch (error) {
    throw new AttachmentError("corrupt", { cause: error });
  }
  const headers: [string, string | undefined][] = [
    ["Subject", email.subject],
    ["From", email.from === undefined ? undefined : formatAddress(email.from)],
    ["To", email.to?.map(formatAddress).join(", ")],
    ["Cc", email.cc?.map(formatAddress).join(", ")],
    ...email.attachments.map((a): [string, string | undefined] => ["Attachment", a.filename ?? undefined]),
  ];
  for (const [label, value] of headers) {
    if (value === undefined || value.trim() === "") continue;
    out.separate("\n");
    out.add(`${label}: ${value}`, HEADER);
  }
  const body = email.text ?? (email.html === undefined ? "" : htmlToText(email.html));
  out.separate("\n\n");
  out.add(body, BODY);
}
