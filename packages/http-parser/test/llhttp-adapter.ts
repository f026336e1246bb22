/**
 * Adapter for ../shared/llhttp-suite/harness.mjs: a thin translation of our
 * callbacks into llhttp's test log lines (see that folder's README). No case
 * is special-cased here; the parser must produce llhttp's log by itself.
 */
import { Parser, ParserHandler, ERROR } from '../src/index.js';

interface HarnessConfig {
  type: 'request' | 'response' | 'url';
  lenientFlags: number;
  pause: string | null;
  skipBody: boolean;
}

interface HarnessOut {
  event(offset: number | null, text: string): void;
  span(name: string, bytes: Uint8Array, start: number, end: number): void;
}

export function supports(config: HarnessConfig): boolean {
  return config.type !== 'url';
}

export function createParser(config: HarnessConfig, out: HarnessOut) {
  const pauseIf = (name: string) => (config.pause === name ? ERROR.PAUSED : 0);
  const event = (at: number, text: string, callback: string) => {
    out.event(at, text);
    return pauseIf(callback);
  };

  class Logger extends ParserHandler {
    override onMessageBegin(at: number) { return event(at, 'message begin', 'on_message_begin'); }
    override onMethod(b: Uint8Array, s: number, e: number) { out.span('method', b, s, e); }
    override onMethodComplete(at: number) { return event(at, 'method complete', 'on_method_complete'); }
    override onUrl(b: Uint8Array, s: number, e: number) { out.span('url', b, s, e); }
    override onUrlComplete(at: number) { return event(at, 'url complete', 'on_url_complete'); }
    override onProtocol(b: Uint8Array, s: number, e: number) { out.span('protocol', b, s, e); }
    override onProtocolComplete(at: number) { return event(at, 'protocol complete', 'on_protocol_complete'); }
    override onVersion(b: Uint8Array, s: number, e: number) { out.span('version', b, s, e); }
    override onVersionComplete(at: number) { return event(at, 'version complete', 'on_version_complete'); }
    override onStatus(b: Uint8Array, s: number, e: number) { out.span('status', b, s, e); }
    override onStatusComplete(at: number) { return event(at, 'status complete', 'on_status_complete'); }
    override onHeaderField(b: Uint8Array, s: number, e: number) { out.span('header_field', b, s, e); }
    override onHeaderFieldComplete(at: number) { return event(at, 'header_field complete', 'on_header_field_complete'); }
    override onHeaderValue(b: Uint8Array, s: number, e: number) { out.span('header_value', b, s, e); }
    override onHeaderValueComplete(at: number) { return event(at, 'header_value complete', 'on_header_value_complete'); }
    override onHeadersComplete(at: number) {
      const p = parser;
      const head = config.type === 'request' ? `method=${p.method}` : `status=${p.statusCode}`;
      out.event(at, `headers complete ${head} v=${p.httpMajor}/${p.httpMinor} flags=${p.flags.toString(16)} content_length=${p.contentLength}`);
      if (config.pause === 'on_headers_complete') return ERROR.PAUSED;
      if (config.skipBody) {
        out.event(at, 'skip body');
        return 1;
      }
      return 0;
    }
    override onChunkHeader(at: number) { return event(at, `chunk header len=${parser.contentLength}`, 'on_chunk_header'); }
    override onChunkExtensionName(b: Uint8Array, s: number, e: number) { out.span('chunk_extension_name', b, s, e); }
    override onChunkExtensionNameComplete(at: number) {
      return event(at, 'chunk_extension_name complete', 'on_chunk_extension_name');
    }
    override onChunkExtensionValue(b: Uint8Array, s: number, e: number) { out.span('chunk_extension_value', b, s, e); }
    override onChunkExtensionValueComplete(at: number) {
      return event(at, 'chunk_extension_value complete', 'on_chunk_extension_value');
    }
    override onBody(b: Uint8Array, s: number, e: number) { out.span('body', b, s, e); }
    override onChunkComplete(at: number) { return event(at, 'chunk complete', 'on_chunk_complete'); }
    override onMessageComplete(at: number) { return event(at, 'message complete', 'on_message_complete'); }
    override onReset(at: number) { return event(at, 'reset', 'on_reset'); }
  }

  const parser = new Parser(new Logger(), { type: config.type === 'response' ? 'response' : 'request', lenient: config.lenientFlags });
  return {
    execute(bytes: Uint8Array, start: number, end: number) {
      parser.resume();
      const code = parser.execute(bytes, start, end);
      return { code, pos: parser.errorOffset, reason: parser.reason };
    },
    finishState() {
      return parser.finishState;
    },
  };
}
