/// <reference types="vite/client" />
/**
 * The zxing reader .wasm as a file of the app itself: Vite copies it into the build with a
 * hashed name and gives its same-origin URL, which the service worker precaches. Browser only.
 */
import zxingReaderWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** Same-origin URL of the zxing reader .wasm in this build. */
export const ZXING_READER_WASM_URL: string = zxingReaderWasmUrl;
