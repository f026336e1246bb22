// HTTPS: the same HTTP server over node:tls. Accepted TCP sockets are
// wrapped in server-side TLSSockets (what node:tls's Server does inside);
// once the handshake completes ('secure'), the TLS socket goes into the very
// same connection handling as plain HTTP. As Node's https.Server: 'connection'
// carries the raw TCP socket, 'secureConnection' the TLS one, handshake
// failures are 'tlsClientError' and, without a 'clientError' listener taking
// them, destroy the socket; ALPN offers http/1.1 unless told otherwise.
import type { Socket } from 'node:net';
import tls from 'node:tls';
import type { NetServerEventMap, KeepsPayloads } from '@purehttp/net-server';
import type { HttpsServerEventMap } from './events.js';
import type { ServerOptions } from './options.js';
import { Server, type RequestListener } from './server.js';
import { httpError, describe } from './errors.js';

/** Options of {@link createSecureServer}: node:tls's server options plus the HTTP ones. */
export type SecureServerOptions = tls.TlsOptions & ServerOptions & {
  /** ms for the TLS handshake before the socket is dropped (node:tls default 120000). */
  handshakeTimeout?: number;
};

/** Node's https.Server: an HTTP {@link Server} whose connections are TLS. */
export class SecureServer<
  E extends HttpsServerEventMap & Record<keyof E, unknown[]> & KeepsPayloads<E, NetServerEventMap> = HttpsServerEventMap,
> extends Server<E> {
  #context: tls.SecureContext;
  readonly #tlsOptions: tls.TlsOptions;
  /** ms for the TLS handshake. */
  handshakeTimeout: number;

  constructor(options?: SecureServerOptions | RequestListener | null, requestListener?: RequestListener) {
    if (typeof options === 'function') {
      requestListener = options;
      options = {};
    } else if (options === null || options === undefined) options = {};
    else if (typeof options !== 'object') throw httpError('ERR_INVALID_ARG_TYPE', 'options', 'of type object.' + describe(options));
    super(options, requestListener);
    // RFC 7301: offer http/1.1 unless the caller chose protocols (Node's default).
    const alpn = options.ALPNProtocols || options.ALPNCallback ? {} : { ALPNProtocols: ['http/1.1'] };
    this.#tlsOptions = { ...alpn, ...options };
    this.#context = tls.createSecureContext(this.#tlsOptions);
    this.handshakeTimeout = options.handshakeTimeout ?? 120_000;
    const self = this as unknown as import('node:events').EventEmitter<HttpsServerEventMap>;
    self.on('tlsClientError', (err: Error, socket: Socket) => {
      if (!self.emit('clientError', err, socket)) socket.destroy(err);
    });
  }

  /** Replaces the TLS credentials for new connections (node:tls's setSecureContext). */
  setSecureContext(options: tls.SecureContextOptions): void {
    Object.assign(this.#tlsOptions, options);
    this.#context = tls.createSecureContext(this.#tlsOptions);
  }

  /** Wraps the accepted TCP socket in TLS; HTTP starts after the handshake. */
  override _acceptConnection(raw: Socket): void {
    const o = this.#tlsOptions;
    const socket = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: this.#context,
      requestCert: o.requestCert,
      rejectUnauthorized: o.rejectUnauthorized,
      ALPNProtocols: o.ALPNProtocols,
      SNICallback: o.SNICallback,
    } as tls.TLSSocketOptions);
    const self = this as unknown as import('node:events').EventEmitter<HttpsServerEventMap>;
    const timer = this.handshakeTimeout > 0
      ? setTimeout(() => onError(Object.assign(new Error('TLS handshake timeout'), { code: 'ERR_TLS_HANDSHAKE_TIMEOUT' })), this.handshakeTimeout).unref()
      : undefined;
    const onError = (err: Error): void => {
      clearTimeout(timer);
      socket.removeListener('secure', onSecure);
      // Before the handshake completes, a failure is a TLS client error.
      self.emit('tlsClientError', err, socket);
    };
    const onSecure = (): void => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      // An unauthorized client cert when the server demanded one (node:tls).
      if (o.requestCert && o.rejectUnauthorized !== false && !socket.authorized) {
        socket.destroy();
        return;
      }
      self.emit('secureConnection', socket);
      super._acceptConnection(socket);
    };
    socket.once('error', onError);
    socket.once('secure', onSecure);
  }
}

/**
 * Creates an HTTPS server (Node's `https.createServer`).
 * @param options - node:tls server options (`key`, `cert`, …) plus {@link ServerOptions}.
 * @param requestListener - added as a 'request' listener.
 */
export function createSecureServer(options?: SecureServerOptions | RequestListener | null, requestListener?: RequestListener): SecureServer {
  return new SecureServer(options, requestListener);
}
