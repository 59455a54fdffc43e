/** A table of rows under column headings, in a wrapper that scrolls sideways on a narrow screen. */
import type { ComponentChildren } from 'preact';
import { TableHead } from './table-head.tsx';

/** The wrapper takes the focus (tabIndex 0) so a keyboard can scroll it (axe: scrollable-region-focusable). */
export function DataTable({
  testId,
  headings,
  children,
}: {
  testId?: string;
  headings: readonly ComponentChildren[];
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap" tabIndex={0}>
      <table data-testid={testId}>
        <TableHead headings={headings} />
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
