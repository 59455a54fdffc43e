/**
 * The QR code as the scanner needs it: black modules on white, the 4-module quiet zone
 * inside the white, a whole number of device pixels per module (no smeared edges), as large
 * as `maxCss` allows. The element carries `data-qr-text` (tests and kiosk integrations read
 * it) and the module size it was drawn with.
 */
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { QUIET_MODULES, qrLayout, qrMatrix } from '../logic/qr-layout.ts';

export function QrCode(props: { text: string; maxCss: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const matrix = useMemo(() => qrMatrix(props.text), [props.text]);
  const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
  const layout = qrLayout(matrix.size, props.maxCss, dpr);

  useLayoutEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const px = layout.devicePixelsPerModule;
    const side = layout.modules * px;
    if (element.width !== side) element.width = side;
    if (element.height !== side) element.height = side;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, side, side);
    context.fillStyle = '#000';
    for (let y = 0; y < matrix.size; y++) {
      for (let x = 0; x < matrix.size; x++) {
        if (matrix.dark(x, y)) context.fillRect((x + QUIET_MODULES) * px, (y + QUIET_MODULES) * px, px, px);
      }
    }
    performance.mark('holder:drawn');
  }, [matrix, layout.devicePixelsPerModule, layout.modules]);

  return (
    <canvas
      ref={canvas}
      class="qr"
      role="img"
      aria-label={props.label}
      data-qr-text={props.text}
      data-qr-version={matrix.version}
      data-module-css={layout.cssPerModule.toFixed(3)}
      style={{ width: `${layout.cssSide}px`, height: `${layout.cssSide}px` }}
    />
  );
}
