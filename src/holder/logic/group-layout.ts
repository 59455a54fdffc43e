/**
 * How the "all codes together" screen lays out a family's codes so one camera frame reads
 * them all: every code wholly on screen without scrolling (the scanner needs them in the
 * same frame) and each as large as the screen allows. One column gives two codes nearly the
 * full width (side by side they were 122 CSS px each on a 390-wide phone, half the screen
 * empty); three or four fit better in two columns. Pure: the screen measures what sits above
 * the codes and around each QR, and passes it in.
 */

/** Side and top/bottom widths of the screen's colour frame (styles.css .code-frame). */
export const FRAME_SIDE = 6;
export const FRAME_END = 14;
/** Gap between cards (styles.css .group-grid). */
export const GAP = 8;
/** Border of a compact card on each side (styles.css .code-card.compact). */
export const CARD_BORDER = 6;

export interface GroupLayoutInput {
  count: number;
  /** The viewport in CSS pixels. */
  width: number;
  height: number;
  /** CSS pixels from the top of the page to the top of the codes (frame, title, clock). */
  above: number;
  /** CSS pixels of a card that are not its QR, top to bottom (colour and name, ID hint, borders). */
  cardChrome: number;
}

export interface GroupLayout {
  columns: number;
  /** The side available to each QR with its quiet zone, in CSS pixels (the QR rounds down to whole device pixels). */
  qrCss: number;
}

/** The column count, one to three, that gives each QR the largest side with every code in view. */
export function groupLayout(input: GroupLayoutInput): GroupLayout {
  const count = Math.max(1, Math.floor(input.count));
  let best: GroupLayout = { columns: 1, qrCss: 0 };
  for (let columns = 1; columns <= Math.min(3, count); columns++) {
    const rows = Math.ceil(count / columns);
    const byWidth = (input.width - 2 * FRAME_SIDE - (columns - 1) * GAP) / columns - 2 * CARD_BORDER;
    const byHeight = (input.height - input.above - FRAME_END - (rows - 1) * GAP) / rows - input.cardChrome;
    const side = Math.floor(Math.min(byWidth, byHeight));
    if (side > best.qrCss) best = { columns, qrCss: side };
  }
  return { columns: best.columns, qrCss: Math.max(best.qrCss, 0) };
}
