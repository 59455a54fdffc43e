/**
 * A modal dialog (the native <dialog> with showModal): it opens in the middle of the
 * viewport whatever the scroll position, moves focus into itself (its heading, or the
 * element marked autofocus), keeps it there, closes on Escape, and gives focus back to
 * what was focused before. Every action's result in the console appears in one of these
 * or in place, never in a panel below the fold.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let counter = 0;

export function Dialog({
  title,
  onClose,
  children,
  testId,
  wide,
}: {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  testId?: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useRef(`dialog-${++counter}`).current;
  useEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    const target = dialog.querySelector<HTMLElement>('[autofocus]') ?? dialog.querySelector<HTMLElement>('h2');
    target?.focus();
    const cancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      if (before && document.contains(before)) before.focus();
    };
  }, []);
  return (
    <dialog ref={ref} class={wide ? 'dialog dialog-wide' : 'dialog'} aria-labelledby={`${id}-title`} data-testid={testId}>
      <h2 id={`${id}-title`} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}
