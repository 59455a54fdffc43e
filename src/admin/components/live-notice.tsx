/** A confirmation ("Saved", "Undone") in a polite live region, so screen readers announce it when it appears. */
export function LiveNotice({ text }: { text: string | null | undefined }) {
  // The region stays in the page while empty: a live region announces what is added to it.
  return (
    <div aria-live="polite">
      {text && (
        <p class="notice" role="status">
          {text}
        </p>
      )}
    </div>
  );
}
