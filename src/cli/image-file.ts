/** Reads PNG and JPEG files into RGBA pixels for `gatecheck decode` (pngjs, jpeg-js; pure JavaScript). */
import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from '../decoder/types.ts';

/** A decoded image file: its pixels, and its bytes as read (zxing's own loader gets a second look at them). */
export interface ImageFile {
  format: 'png' | 'jpeg';
  image: RgbaImage;
  bytes: Uint8Array;
}

/** Why a file could not be read as an image; the CLI prints the message on one line. */
export class ImageFileError extends Error {}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format from the first bytes (never from the file name, which phones and chat apps get wrong). */
export function sniffImageFormat(bytes: Uint8Array): 'png' | 'jpeg' | null {
  if (PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** Decodes PNG or JPEG bytes to RGBA; anything else, or a damaged file, is an ImageFileError. */
export function decodeImageBytes(bytes: Uint8Array): Omit<ImageFile, 'bytes'> {
  const format = sniffImageFormat(bytes);
  if (!format) throw new ImageFileError('not a PNG or JPEG file');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (format === 'png') {
      // pngjs expands palette, grey and 16-bit images to 8-bit RGBA.
      const png = PNG.sync.read(buffer);
      return {
        format,
        image: {
          data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength),
          width: png.width,
          height: png.height,
        },
      };
    }
    // EXIF orientation is deliberately ignored: QR finders read a code at any angle, and
    // zxing tries 90-degree turns itself, so rotating the pixels would only cost time.
    const decoded = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 200, maxMemoryUsageInMB: 2048 });
    return {
      format,
      image: {
        data: new Uint8ClampedArray(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength),
        width: decoded.width,
        height: decoded.height,
      },
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImageFileError(`damaged ${format === 'png' ? 'PNG' : 'JPEG'} file (${reason.replace(/\s+/g, ' ').trim()})`);
  }
}

/** Reads a file's bytes; a missing or unreadable file is an ImageFileError. */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new ImageFileError(reason);
  }
}

/** Reads and decodes one image file; a missing, unreadable or damaged file is an ImageFileError. */
export async function readImageFile(path: string): Promise<ImageFile> {
  const bytes = await readFileBytes(path);
  return { ...decodeImageBytes(bytes), bytes };
}
