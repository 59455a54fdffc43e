/** A table's column headings. */
import type { ComponentChildren } from 'preact';

/** One header row: a `th scope="col"` per heading. */
export function TableHead({ headings }: { headings: readonly ComponentChildren[] }) {
  return (
    <thead>
      <tr>
        {headings.map((heading, i) => (
          <th key={i} scope="col">
            {heading}
          </th>
        ))}
      </tr>
    </thead>
  );
}
