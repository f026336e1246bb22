/**
 * What the two servers (server-process.ts) and the scenarios (scenarios.ts)
 * agree on: the implementations and the routes' fixed answers.
 */
export const IMPLS = ['purehttp', 'node'] as const;
/** `purehttp` is `@purehttp/http-server`, `node` is `node:http`: the reference. */
export type Impl = (typeof IMPLS)[number];
export const REFERENCE: Impl = 'node';

/** GET /hello answers this, as TechEmpower's plaintext test does. */
export const HELLO = 'Hello, World!';
/** GET /stream writes STREAM_CHUNKS pieces of STREAM_CHUNK bytes: 1 MiB. */
export const STREAM_CHUNK = 64 * 1024;
export const STREAM_CHUNKS = 16;
