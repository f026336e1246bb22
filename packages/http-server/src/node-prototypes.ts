// Frameworks that extend node:http's prototypes. Express builds its shared
// `request` and `response` objects on http.IncomingMessage.prototype and
// http.ServerResponse.prototype and, per request, makes them the prototypes
// of req and res, whatever server made those. On our objects that would put
// node:http's methods, which read node:http's private state, in front of
// ours.
//
// Theory of operation: the link of such a chain that points at node:http's
// prototype is made to point at a *bridge* instead: an object that sits on
// node:http's prototype and defines every property name of both classes as
// an accessor that looks the name up on the object's own class, our
// prototype for our objects (they remember it, `kOwnPrototype`) and
// node:http's for node:http's. So one Express app works on our server and on
// node:http at once, and nothing changes for code that does not use such a
// framework. Links are found (a) when an Express-shaped app is added as a
// 'request' listener and (b) by looking once through the loaded CommonJS
// modules for objects built on node:http's prototypes, which catches apps
// called from inside another listener.
import http from 'node:http';
import { createRequire } from 'node:module';
import { Stream } from 'node:stream';

/** Own property of our req/res objects: the prototype their class gave them. */
export const kOwnPrototype = Symbol.for('purehttp.ownPrototype');

interface Branded {
  [kOwnPrototype]?: object;
}

const bridges = new Map<object, object>();

/** Property names a prototype chain defines below `stop` (the ancestors node:http and we share). */
function chainNames(proto: object | null, stop: ReadonlySet<object>): Set<string | symbol> {
  const names = new Set<string | symbol>();
  for (let p = proto; p !== null && !stop.has(p); p = Object.getPrototypeOf(p) as object | null) {
    for (const key of Reflect.ownKeys(p)) if (key !== 'constructor') names.add(key);
  }
  return names;
}

const SHARED = new Set<object>([Stream.prototype, Object.getPrototypeOf(Stream.prototype) as object, Object.prototype]);
/** Our prototypes whose names a bridge already covers. */
const covered = new WeakSet<object>();

function bridgeFor(nodeProto: object, ours: readonly object[]): object {
  let bridge = bridges.get(nodeProto);
  if (bridge === undefined) {
    bridge = Object.create(nodeProto) as object;
    bridges.set(nodeProto, bridge);
    addNames(bridge, nodeProto, chainNames(nodeProto, SHARED));
  }
  for (const proto of ours) {
    if (covered.has(proto)) continue;
    covered.add(proto);
    addNames(bridge, nodeProto, chainNames(proto, SHARED));
  }
  return bridge;
}

function addNames(b: object, nodeProto: object, names: Set<string | symbol>): void {
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(b, name)) continue;
    Object.defineProperty(b, name, {
      configurable: true,
      enumerable: false,
      get(this: Branded) {
        return Reflect.get(this[kOwnPrototype] ?? nodeProto, name, this);
      },
      set(this: Branded, value: unknown) {
        Reflect.set(this[kOwnPrototype] ?? nodeProto, name, value, this);
      },
    });
  }
}

/** Point the link of `head`'s chain that rests on `nodeProto` at the bridge; false when the chain does not reach it. */
function rebase(head: unknown, nodeProto: object, ours: readonly object[]): boolean {
  if (head === null || (typeof head !== 'object' && typeof head !== 'function')) return false;
  let link: object | null = head as object;
  while (link !== null) {
    const proto = Object.getPrototypeOf(link) as object | null;
    if (proto === nodeProto) {
      Object.setPrototypeOf(link, bridgeFor(nodeProto, ours));
      return true;
    }
    if (proto !== null && proto === bridges.get(nodeProto)) {
      bridgeFor(nodeProto, ours); // bridged before: cover any new class of ours
      return true;
    }
    link = proto;
  }
  return false;
}

/** The prototypes of our request and response classes in use (custom classes from options included). */
export interface OurPrototypes {
  readonly requests: Set<object>;
  readonly responses: Set<object>;
}

export const ourPrototypes: OurPrototypes = { requests: new Set(), responses: new Set() };

/**
 * For a 'request' listener with Express's shape (`listener.request` and
 * `listener.response` built on node:http's prototypes), bridges them.
 */
export function adoptNodePrototypes(listener: unknown): void {
  if (typeof listener !== 'function') return;
  const app = listener as { request?: unknown; response?: unknown };
  rebase(app.request, http.IncomingMessage.prototype, [...ourPrototypes.requests]);
  rebase(app.response, http.ServerResponse.prototype, [...ourPrototypes.responses]);
}

let scannedModules = -1;

/**
 * Bridge every loaded CommonJS module export built directly on node:http's
 * request or response prototype (Express's lib/request.js and
 * lib/response.js), once per change in the number of loaded modules.
 */
export function adoptLoadedFrameworks(): void {
  // any require function reaches the one module cache; a cwd-based one works from the ESM and the CJS build alike
  const cache = createRequire(`${process.cwd()}/`).cache;
  const keys = Object.keys(cache);
  if (keys.length === scannedModules) return;
  scannedModules = keys.length;
  for (const key of keys) {
    const exported: unknown = cache[key]?.exports;
    if (exported === null || typeof exported !== 'object') continue;
    const proto = Object.getPrototypeOf(exported) as object | null;
    if (proto === http.IncomingMessage.prototype) rebase(exported, proto, [...ourPrototypes.requests]);
    else if (proto === http.ServerResponse.prototype) rebase(exported, proto, [...ourPrototypes.responses]);
  }
}
