export { FreeList } from './freelist.js';
export { FreeListError, FreeListErrorCodes } from './errors.js';
export type { FreeListErrorCode } from './errors.js';
