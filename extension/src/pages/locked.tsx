// What a page that needs unlocked keys shows before it has them: loading, or where to log in.
export function NeedsKeys({
  loading,
  t,
  accountUrl,
}: {
  loading: boolean;
  t: { readonly loading: string; readonly heading: string; readonly signInFirst: string; readonly openAccount: string };
  accountUrl: string;
}) {
  if (loading)
    return (
      <main>
        <p>{t.loading}</p>
      </main>
    );
  return (
    <main>
      <h1>{t.heading}</h1>
      <p role="alert">
        {t.signInFirst} <a href={accountUrl}>{t.openAccount}</a>.
      </p>
    </main>
  );
}
