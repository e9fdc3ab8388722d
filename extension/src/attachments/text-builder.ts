// Collects a file's text piece by piece with where each piece came from, so that a finding's
// offset in the joined text can be traced back to a page, slide, sheet and cell, or part.
import { AttachmentError } from "./errors.ts";
import type { ScanLocation } from "./types.ts";

export class TextBuilder {
  private readonly parts: string[] = [];
  private readonly starts: number[] = [];
  private readonly locations: ScanLocation[] = [];
  private length = 0;
  private readonly maxChars: number;

  constructor(maxChars: number) {
    this.maxChars = maxChars;
  }

  /** Appends `text` found at `location`. @throws AttachmentError "too-large" past `maxChars`. */
  add(text: string, location: ScanLocation): void {
    if (text === "") return;
    if (this.locations.at(-1) !== location) {
      this.starts.push(this.length);
      this.locations.push(location);
    }
    this.append(text);
  }

  /** Appends a separator ("\t", "\n", or "\n\n" between paragraphs) that belongs to no location. */
  separate(separator: string): void {
    if (this.length === 0) return;
    this.append(separator);
  }

  /** Whether anything but separators has been added. */
  get isEmpty(): boolean {
    return this.locations.length === 0;
  }

  text(): string {
    return this.parts.join("");
  }

  /** Where the text at `offset` came from: the last piece that starts at or before it. */
  locate(offset: number): ScanLocation {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return this.locations[low] ?? {};
  }

  private append(text: string): void {
    this.length += text.length;
    if (this.length > this.maxChars) throw new AttachmentError("too-large");
    this.parts.push(text);
  }
}
