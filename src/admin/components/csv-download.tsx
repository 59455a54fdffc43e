/** A button that saves a chart's figures as a CSV file (made in the browser from the figures on screen). */
import { csvLine } from '../../core/csv.ts';

export function CsvDownload({
  label,
  filename,
  header,
  rows,
}: {
  label: string;
  filename: string;
  header: string[];
  rows: (string | number | null)[][];
}) {
  const save = () => {
    const text = `\ufeff${csvLine(header)}${rows.map((r) => csvLine(r)).join('')}`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <button type="button" class="secondary small" onClick={save}>
      {label}
    </button>
  );
}
