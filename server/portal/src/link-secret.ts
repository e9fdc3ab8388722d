// The secret in a message link (/m/<id>#<secret>) and in an enrolment link (/enrol#<token>) would
// stay in the address bar, and so in the browser's history, which syncs across devices. Each is
// read once and removed from the address (history.replaceState: the history entry is replaced, not
// added to). The page keeps it for this tab only (sessionStorage: never synced, gone with the tab),
// so a reload still works; a new tab needs the link from the mail again.

const SECRET_PAGES = /^\/(?:m\/[^/]+|enrol)$/u;

export interface Address {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

/** Where a tab keeps what it took (sessionStorage in the portal). */
export interface TabStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * The fragment for the page at `address`: on a page whose fragment is a secret, the secret (taken
 * from the address now, or kept from when it was), and the address is rewritten without it; on any
 * other page, the fragment as it is.
 */
export function takeLinkSecret(
  address: Address,
  history: { replaceState(data: unknown, unused: string, url: string): void },
  store: TabStore,
): string {
  if (!SECRET_PAGES.test(address.pathname)) return address.hash;
  const key = `sigill.link:${address.pathname}`;
  if (address.hash !== "" && address.hash !== "#") {
    store.setItem(key, address.hash);
    history.replaceState(null, "", `${address.pathname}${address.search}`);
  }
  return store.getItem(key) ?? "";
}
