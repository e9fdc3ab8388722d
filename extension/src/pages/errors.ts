import { SigillError } from "../secure/api.ts";

/** What a person should read when something failed; never a stack trace or request content. */
export function describeError(error: unknown): string {
  if (error instanceof SigillError) {
    switch (error.code) {
      case "NETWORK":
        return "Sigill-servern gick inte att nå. Inget har skickats. Kontrollera nätverket och försök igen.";
      case "NOT_LOGGED_IN":
        return "Du är inte inloggad längre. Logga in igen; inget har skickats.";
      case "CANCELLED":
        return "Passkey-frågan avbröts. Försök igen när du är redo.";
      case "KEY_CHANGED":
        return `Mottagarens nyckel har ändrats sedan sist, så inget har skickats. Jämför fingeravtrycken med mottagaren innan du fortsätter: ${error.message}`;
      case "SERVER":
        return `Servern svarade: ${error.message}. Inget har skickats som vanligt mejl.`;
      default:
        return "Något gick fel. Inget har skickats som vanligt mejl.";
    }
  }
  if (error instanceof Error && error.name === "CryptoError") return "Koden eller nyckeln stämmer inte. Försök igen.";
  return "Något gick fel. Inget har skickats som vanligt mejl.";
}
