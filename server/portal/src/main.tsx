// The portal's entry: picks the language (a choice kept in this browser, else the browser's),
// and renders the page for the address. No inline scripts: the CSP allows only these files.
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { pickLang, type Lang } from "./i18n.ts";
import { browserPrompt, passkeysSupported } from "./passkeys.ts";
import "./styles.css";

function Root() {
  const [lang, setLang] = useState<Lang>(pickLang(localStorage.getItem("sigill.lang"), navigator.language));
  return (
    <App
      lang={lang}
      setLang={(l) => {
        localStorage.setItem("sigill.lang", l);
        setLang(l);
      }}
      path={location.pathname}
      hash={location.hash}
      prompt={browserPrompt}
      passkeysSupported={passkeysSupported()}
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
