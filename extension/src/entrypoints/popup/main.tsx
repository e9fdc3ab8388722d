import { createRoot } from "react-dom/client";
import { browser } from "wxt/browser";
import "../../pages/styles.css";

function open(path: "/account.html" | "/compose.html" | "/inbox.html") {
  void browser.tabs.create({ url: browser.runtime.getURL(path) });
}

const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <main>
      <h1>Sigill</h1>
      <button
        type="button"
        onClick={() => {
          open("/compose.html");
        }}
      >
        Nytt säkert meddelande
      </button>
      <button
        type="button"
        onClick={() => {
          open("/account.html");
        }}
      >
        Konto och inloggning
      </button>
    </main>,
  );
}
