export * from './errors.ts';
export * from './gateway-client.ts';
export * from './java-proxy.ts';
export * from './java-ref.ts';
export * from './java-decimal.ts';
export * from './name-resolver.ts';
export * from './overloads.ts';
export * from './to-js.ts';
export type { Transport } from './transport.ts';
