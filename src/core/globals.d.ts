// The core compiles against ES2022 only (no DOM, no Node types), so the compiler keeps
// platform APIs out of it. TextEncoder/TextDecoder exist in every runtime we target
// (browsers, workers, Node), so they are declared here and nothing else is.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
