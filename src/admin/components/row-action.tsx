/** A table row's action: a quiet button whose accessible name says which row it acts on. */
export function RowAction({ label, name, onClick }: { label: string; name: string; onClick: () => void }) {
  return (
    <button type="button" class="secondary" aria-label={name} onClick={onClick}>
      {label}
    </button>
  );
}
