// The extension's banner lives in a closed shadow root: page scripts (and Playwright locators)
// cannot reach it, the DevTools protocol can. Read it and click in it through CDP.
import type { CDPSession } from "playwright-core";

interface DomNode {
  nodeType: number;
  nodeName: string;
  backendNodeId: number;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

function childrenOf(node: DomNode): DomNode[] {
  return [...(node.shadowRoots ?? []), ...(node.children ?? [])];
}

function findAll(node: DomNode, test: (n: DomNode) => boolean): DomNode[] {
  if (test(node)) return [node];
  return childrenOf(node).flatMap((c) => findAll(c, test));
}

function attribute(node: DomNode, name: string): string | undefined {
  const a = node.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}

function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? "";
  if (node.nodeName === "STYLE") return "";
  return childrenOf(node).map(textOf).join(" ");
}

async function bannerHost(cdp: CDPSession): Promise<DomNode | undefined> {
  const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: DomNode };
  return findAll(root, (n) => n.nodeName === "SIGILL-BANNER")[0];
}

export interface BannerState {
  /** A banner element is on the page. */
  readonly present: boolean;
  /** The findings box is shown (not hidden). */
  readonly shown: boolean;
  readonly text: string;
  /** The "not sent" dialog is open. */
  readonly dialogOpen: boolean;
  readonly dialogText: string;
}

export async function bannerState(cdp: CDPSession): Promise<BannerState> {
  const host = await bannerHost(cdp);
  if (host === undefined) return { present: false, shown: false, text: "", dialogOpen: false, dialogText: "" };
  const section = findAll(host, (n) => n.nodeName === "SECTION")[0];
  const dialog = findAll(host, (n) => n.nodeName === "DIALOG")[0];
  return {
    present: true,
    shown: section !== undefined && !(section.attributes ?? []).includes("hidden"),
    text: section === undefined ? "" : textOf(section).replace(/\s+/g, " ").trim(),
    dialogOpen: dialog !== undefined && (dialog.attributes ?? []).includes("open"),
    dialogText: dialog === undefined ? "" : textOf(dialog).replace(/\s+/g, " ").trim(),
  };
}

/** Clicks the first button with class `className` in the banner (the findings box's before the dialog's). */
export async function clickInBanner(cdp: CDPSession, className: string): Promise<boolean> {
  const host = await bannerHost(cdp);
  const node =
    host === undefined
      ? undefined
      : findAll(host, (n) => (attribute(n, "class") ?? "").split(" ").includes(className))[0];
  if (node === undefined) return false;
  const { object } = (await cdp.send("DOM.resolveNode", { backendNodeId: node.backendNodeId })) as {
    object: { objectId: string };
  };
  await cdp.send("Runtime.callFunctionOn", {
    objectId: object.objectId,
    functionDeclaration: "function () { this.click(); }",
  });
  return true;
}
