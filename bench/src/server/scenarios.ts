/**
 * The scenarios of the server benchmark, as data: what load each one puts on
 * a server, what it measures, and the raw request(s) whose answers both
 * servers must agree on before anything is timed (check.ts).
 */
import type { LoadSpec } from './load.js';

interface Common {
  id: string;
  name: string;
  /** One line for the README and the JSON: what exactly runs. */
  detail: string;
  unit: 'req/s' | 'MB/s' | 'KiB/conn';
  /** req/s and MB/s: more is better; KiB per idle connection: less is. */
  higherIsBetter: boolean;
  /** Raw bytes sent on one connection for the check, and how many responses come back. */
  probe: string;
  probeResponses: number;
}

export interface LoadScenario extends Common {
  kind: 'load';
  load: LoadSpec;
  /** What the figure is: requests (responses) per second or response megabytes per second. */
  measure: 'requests' | 'bytes';
}

export interface UploadScenario extends Common {
  kind: 'upload';
  bytes: number;
  writeSize: number;
}

export interface IdleScenario extends Common {
  kind: 'idle';
  connections: number;
}

export type Scenario = LoadScenario | UploadScenario | IdleScenario;

const CONNECTIONS = 50;
const PIPELINE = 16;
export const UPLOAD_BYTES = 64 * 1024 * 1024;
export const UPLOAD_WRITE = 64 * 1024;
export const IDLE_CONNECTIONS = 5000;

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;

/** A JSON document of exactly `size` bytes (padding in the last field). */
export function jsonBody(size: number): string {
  const doc = {
    id: 4711,
    name: 'purehttp',
    tags: ['http', 'server', 'benchmark'],
    nested: { ok: true, ratio: 0.5, list: [1, 2, 3, 4, 5] },
    pad: '',
  };
  const bare = JSON.stringify(doc).length;
  doc.pad = 'x'.repeat(size - bare);
  const text = JSON.stringify(doc);
  if (text.length !== size) throw new Error(`jsonBody: ${text.length} bytes, wanted ${size}`);
  return text;
}

const ECHO_BODY = jsonBody(1024);

/** The scenarios, the memory one with `idleConnections` connections. */
export const buildScenarios = (idleConnections = IDLE_CONNECTIONS): Scenario[] => [
  {
    id: 'hello',
    kind: 'load',
    name: 'hello world, keep-alive',
    detail: `GET /hello -> "Hello, World!" (text/plain), ${CONNECTIONS} keep-alive connections, one request at a time on each`,
    unit: 'req/s',
    higherIsBetter: true,
    measure: 'requests',
    load: { method: 'GET', path: '/hello', headers: {}, connections: CONNECTIONS, pipeline: 1 },
    probe: get('/hello'),
    probeResponses: 1,
  },
  {
    id: 'pipelined',
    kind: 'load',
    name: `hello world, ${PIPELINE} pipelined`,
    detail: `the same, ${PIPELINE} requests sent at once on each of the ${CONNECTIONS} connections (TechEmpower's plaintext test)`,
    unit: 'req/s',
    higherIsBetter: true,
    measure: 'requests',
    load: { method: 'GET', path: '/hello', headers: {}, connections: CONNECTIONS, pipeline: PIPELINE },
    probe: get('/hello').repeat(PIPELINE),
    probeResponses: PIPELINE,
  },
  {
    id: 'echo',
    kind: 'load',
    name: 'JSON POST echo, 1 KiB',
    detail: `POST /echo with a 1 KiB JSON body (Content-Length), answered with the same body; ${CONNECTIONS} connections`,
    unit: 'req/s',
    higherIsBetter: true,
    measure: 'requests',
    load: {
      method: 'POST',
      path: '/echo',
      headers: { 'Content-Type': 'application/json' },
      body: ECHO_BODY,
      connections: CONNECTIONS,
      pipeline: 1,
    },
    probe:
      `POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${ECHO_BODY.length}\r\n\r\n` +
      ECHO_BODY,
    probeResponses: 1,
  },
  {
    id: 'stream',
    kind: 'load',
    name: '1 MiB chunked response',
    detail: 'GET /stream: 16 res.write() of 64 KiB then end(), chunked (no Content-Length); 10 connections',
    unit: 'MB/s',
    higherIsBetter: true,
    measure: 'bytes',
    load: { method: 'GET', path: '/stream', headers: {}, connections: 10, pipeline: 1 },
    probe: get('/stream'),
    probeResponses: 1,
  },
  {
    id: 'upload',
    kind: 'upload',
    name: '64 MiB upload',
    detail: 'POST /upload of 64 MiB (Content-Length) in 64 KiB writes from a Node http client, one keep-alive connection; the server counts the bytes',
    unit: 'MB/s',
    higherIsBetter: true,
    bytes: UPLOAD_BYTES,
    writeSize: UPLOAD_WRITE,
    probe: `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n${'u'.repeat(100_000)}`,
    probeResponses: 1,
  },
  {
    id: 'idle',
    kind: 'idle',
    name: `memory, ${idleConnections.toLocaleString('en-US')} idle connections`,
    detail: `resident memory per idle keep-alive connection: ${idleConnections} connections, one GET /hello answered on each, then (rss after gc - rss before) / ${idleConnections}`,
    unit: 'KiB/conn',
    higherIsBetter: false,
    connections: idleConnections,
    probe: get('/hello'),
    probeResponses: 1,
  },
];
