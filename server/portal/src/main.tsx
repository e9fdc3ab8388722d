// The portal's entry: picks the language (a choice kept in this browser, else the browser's),
// and renders the page for the address. Links within the portal change the page without a reload,
// so unlocked keys (page memory only) survive moving between pages. No inline scripts: the CSP
// allows only these files.
import { browserPasskeys } from "@sigill/client/browser-passkeys";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { pickLang, type Lang } from "./i18n.ts";
import { takeLinkSecret } from "./link-secret.ts";
import { browserPrompt, passkeysSupported } from "./passkeys.ts";
import "./styles.css";

/** The page to show: the path, and the fragment (a link's secret is taken out of the address first). */
function here(): { path: string; hash: string } {
  return { path: location.pathname, hash: takeLinkSecret(location, history, sessionStorage) };
}

function Root() {
  const [lang, setLang] = useState<Lang>(pickLang(localStorage.getItem("sigill.lang"), navigator.language));
  const [where, setWhere] = useState(here);
  const navigate = (path: string, replace = false) => {
    if (replace) history.replaceState(null, "", path);
    else history.pushState(null, "", path);
    setWhere(here());
    window.scrollTo(0, 0);
    document.getElementById("main")?.focus();
  };
  useEffect(() => {
    const onPop = () => {
      setWhere(here());
    };
    // Same-origin links to pages (not downloads, not the API, not new tabs) stay in the page.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const a = (event.target as Element | null)?.closest("a");
      if (a === null || a === undefined || a.target !== "" || a.hasAttribute("download")) return;
      const url = new URL(a.href, location.href);
      if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
      if (url.pathname === location.pathname && url.hash !== "") return; // the skip link, anchors

      event.preventDefault();
      navigate(`${url.pathname}${url.search}${url.hash}`);
    };
    addEventListener("popstate", onPop);
    document.addEventListener("click", onClick);
    return () => {
      removeEventListener("popstate", onPop);
      document.removeEventListener("click", onClick);
    };
  }, []);
  return (
    <App
      lang={lang}
      setLang={(l) => {
        localStorage.setItem("sigill.lang", l);
        setLang(l);
      }}
      path={where.path}
      hash={where.hash}
      prompt={browserPrompt}
      passkeys={browserPasskeys}
      passkeysSupported={passkeysSupported()}
      navigate={navigate}
    />
  );
}

const root = document.getElementById("root");
if (root !== null)
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
