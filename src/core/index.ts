/** The public face of the core: everything other layers import comes through here. */
export * from './reasons.ts';
export * from './bytes.ts';
export * from './base45.ts';
export * from './code/layout.ts';
export * from './code/text.ts';
export * from './code/issue.ts';
export * from './crypto/ed25519.ts';
export * from './crypto/tweetnacl-ed25519.ts';
export * from './crypto/webcrypto-ed25519.ts';
export * from './envelope.ts';
export * from './trust/bundle.ts';
export * from './status/document.ts';
export * from './status/plan.ts';
export * from './status/memory-list.ts';
export * from './freshness.ts';
export * from './verify.ts';
export * from './policy.ts';
