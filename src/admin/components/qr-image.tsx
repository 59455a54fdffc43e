/**
 * A QR code drawn by the server as SVG, shown as an image (a data: URL), so the markup
 * never enters the page's DOM and the alt text describes it.
 */
export function QrImage({ svg, alt }: { svg: string; alt: string }) {
  return <img class="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} alt={alt} width={240} height={240} />;
}
