/** `gatecheck decode`: read QR codes from PNG and JPEG files with the scanner's decoder pipeline. */
import { decodeFrame } from '../decoder/decode-frame.ts';
import { createJsqrDecoder } from '../decoder/jsqr-decoder.ts';
import { createNodeZxingDecoder } from '../decoder/node/zxing-node.ts';
import type { DecoderName, QrDecoder } from '../decoder/types.ts';
import type { ZxingDecoder } from '../decoder/zxing-decoder.ts';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, UsageError, type CliIO, type Command } from './command.ts';
import { ImageFileError, decodeImageBytes, readFileBytes } from './image-file.ts';
import { oneLine, oneOf, parseOptions } from './options.ts';

const HELP = `Usage: gatecheck decode [--json] [--decoder zxing|jsqr] IMAGE…

Reads the QR code in each PNG or JPEG file with the same decoder pipeline as the scanner,
and prints one line per image: the file, the code's text (or "(no QR code)") and the
milliseconds spent decoding (reading and unpacking the file not included), separated by tabs.
A text holding tabs, line breaks or other control characters is printed as a JSON string.

  --json                one JSON object per line instead: {"file","text","ms","decoder"}
                        (text is null when no code was read)
  --decoder NAME        zxing (default: zxing-wasm, the scanner's engine) or jsqr (the
                        scanner's fallback, for comparison)

Photos are tried at full size first, then at half size and at 1280 pixels (area-averaged,
which reads noisy photos); with zxing, a photo still unread, or a file our PNG/JPEG readers
refuse, is finally given to zxing-wasm's own image loader, so this command reads at least
what zxing-wasm reads on its own.

Exit status: 0 when every image held a code, 1 when any held none, 2 for bad usage or a file
that is not a readable PNG or JPEG (one line on stderr for each such file).`;

/** One image's line of output. */
export interface DecodeLine {
  file: string;
  text: string | null;
  ms: number;
  decoder: DecoderName;
}

/** Decodes one image file: the pipeline for stills, then (zxing) the file's own bytes as a last resort. */
async function decodeFile(path: string, decoder: QrDecoder | ZxingDecoder): Promise<DecodeLine> {
  const bytes = await readFileBytes(path);
  const lastResort = 'decodeEncodedImage' in decoder ? (file: Uint8Array) => decoder.decodeEncodedImage(file) : null;
  let text: string | null = null;
  let ms = 0;
  try {
    ({ text, ms } = await decodeFrame(decodeImageBytes(bytes).image, decoder, { source: 'still' }));
  } catch (error) {
    // pngjs or jpeg-js refused the file (a bad CRC, an unusual JPEG): zxing's own, more lenient
    // loader may still read it. If it reads nothing, the file is reported as damaged.
    if (!(error instanceof ImageFileError) || !lastResort) throw error;
    const started = performance.now();
    text = await lastResort(bytes);
    if (text === null) throw error;
    ms = performance.now() - started;
  }
  if (text === null && lastResort) {
    const started = performance.now();
    text = await lastResort(bytes);
    ms += performance.now() - started;
  }
  return { file: path, text, ms: Math.round(ms * 10) / 10, decoder: decoder.name };
}

/** The human-readable line: tab-separated, control characters escaped so one image stays one line. */
export function formatPlainLine(line: DecodeLine): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters (to escape them) is the point.
  const hasControl = /[\u0000-\u001f\u007f]/;
  const text = line.text === null ? '(no QR code)' : hasControl.test(line.text) ? JSON.stringify(line.text) : line.text;
  return `${line.file}\t${text}\t${line.ms.toFixed(1)} ms`;
}

export const command: Command = {
  help: HELP,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' }, decoder: { type: 'string' } }, true);
    const engine = oneOf(values.decoder, 'decoder', ['zxing', 'jsqr'] as const) ?? 'zxing';
    if (positionals.length === 0) throw new UsageError('no image files given; try "gatecheck decode --help"');
    const decoder = engine === 'jsqr' ? createJsqrDecoder() : await createNodeZxingDecoder();

    let unread = 0;
    let unreadable = 0;
    for (const path of positionals) {
      let line: DecodeLine;
      try {
        line = await decodeFile(path, decoder);
      } catch (error) {
        if (!(error instanceof ImageFileError)) throw error;
        unreadable++;
        io.stderr(`gatecheck decode: ${oneLine(path)}: ${oneLine(error.message)}\n`);
        continue;
      }
      if (line.text === null) unread++;
      io.stdout(`${values.json ? JSON.stringify(line) : formatPlainLine(line)}\n`);
    }
    if (unreadable > 0) return EXIT_USAGE;
    return unread > 0 ? EXIT_REFUSED : EXIT_OK;
  },
};
