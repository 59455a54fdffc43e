/** Node side of the zxing engine: the reader .wasm read from node_modules, never fetched. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createZxingDecoder, type ZxingDecoder } from '../zxing-decoder.ts';

/** Absolute path of the zxing-wasm reader .wasm installed with the package. */
export function zxingReaderWasmPath(): string {
  // The package's export map names the file, so this follows whatever version is installed.
  return createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
}

let shared: Promise<ZxingDecoder> | undefined;

/** The zxing engine for Node (CLI, tests, bench); the module is instantiated once per process. */
export function createNodeZxingDecoder(): Promise<ZxingDecoder> {
  shared ??= readFile(zxingReaderWasmPath()).then((bytes) =>
    createZxingDecoder({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }),
  );
  return shared;
}
