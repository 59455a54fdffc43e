/**
 * Whether anything moved in front of the camera since the last frame looked at, for a fraction
 * of what the finder scan costs (finder-candidates.ts reads a quarter of the frame's pixels;
 * this reads 96x54 small patches, about 4 % of a 1080p frame). A code coming into view changes
 * the scene; an empty gate, a wall or a desk does not, and then nothing needs looking at
 * until something moves (the slow decode rate still looks now and then, decode-rate.ts).
 *
 * Each cell is the mean of a 4x4 patch, which averages sensor noise down (uniform noise of
 * ±24 levels, the bench's, moves a patch mean by about 3.5 levels), and a cell counts as
 * changed only beyond CELL_DELTA levels; MIN_CELLS changed cells (0.1 % of the frame, a phone
 * at arm's length covers about 25) count as a change. The reference is the last frame that
 * counted as changed, so a slow drift (light at dusk) adds up until it counts once.
 */
import type { LumaPlane } from './luma-views.ts';

const COLUMNS = 96;
const ROWS = 54;
const PATCH = 4;
const CELL_DELTA = 24;
const MIN_CELLS = 6;

export class SceneChange {
  private reference: Int16Array<ArrayBuffer> | null = null;
  private current: Int16Array<ArrayBuffer> = new Int16Array(COLUMNS * ROWS);
  private size = '';

  /** True when `plane` differs from the reference (and becomes it), or is the first frame seen. */
  changed(plane: LumaPlane): boolean {
    const { data, offset, stride, width, height } = plane;
    const size = `${width}x${height}`;
    const cellWidth = width / COLUMNS;
    const cellHeight = height / ROWS;
    const current = this.current;
    for (let row = 0; row < ROWS; row++) {
      const top = Math.min(height - PATCH, Math.floor((row + 0.5) * cellHeight) - (PATCH >> 1));
      for (let column = 0; column < COLUMNS; column++) {
        const left = Math.min(width - PATCH, Math.floor((column + 0.5) * cellWidth) - (PATCH >> 1));
        let sum = 0;
        for (let y = 0; y < PATCH; y++) {
          const at = offset + (Math.max(0, top) + y) * stride + Math.max(0, left);
          sum += data[at]! + data[at + 1]! + data[at + 2]! + data[at + 3]!;
        }
        current[row * COLUMNS + column] = sum >> 4;
      }
    }
    const reference = this.reference;
    let moved = reference === null || size !== this.size;
    if (!moved && reference) {
      let cells = 0;
      for (let i = 0; i < current.length && cells < MIN_CELLS; i++) if (Math.abs(current[i]! - reference[i]!) > CELL_DELTA) cells++;
      moved = cells >= MIN_CELLS;
    }
    if (moved) {
      this.current = reference && size === this.size ? reference : new Int16Array(COLUMNS * ROWS);
      this.reference = current;
      this.size = size;
    }
    return moved;
  }
}
