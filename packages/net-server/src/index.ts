export { NetServer } from './net-server.js';
export type { NetServerOptions } from './net-server.js';
export type { NetServerEventMap, NetServerDropInfo, KeepsPayloads } from './events.js';
export type { ListenOptions } from './listen-args.js';
export { DEFAULT_BACKLOG, validatePort } from './listen-args.js';
export type { Lookup } from './bind.js';
export { NetServerError, NetServerErrorCodes } from './errors.js';
export type { NetServerErrorCode } from './errors.js';
