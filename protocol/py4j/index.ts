export * from './encode.ts';
export * from './decode.ts';
export * from './escape.ts';
export * from './line-splitter.ts';
export * from './wire-value.ts';
export { bytesToBase64, base64ToBytes } from './base64.ts';
export * from './answers.ts';
