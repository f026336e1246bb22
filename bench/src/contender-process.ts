/**
 * One contender on one input, in a process of its own (see measure.ts for
 * why), driven over Node's IPC channel by the benchmark's main process.
 *
 * The child loads only its contender, prepares it, reports its label and
 * what it saw (for the check), then answers `warm-up` and `time` requests
 * one at a time until the channel closes. It runs TypeScript through tsx's
 * ESM loader only: tsx's CommonJS hook transforms each `require`d file in a
 * way that detaches an ArrayBuffer, which would itself switch on the
 * detached-buffer checks that the separate processes are there to avoid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { observe, type Observation } from './check.js';
import { loadContender } from './contenders/index.js';
import { buildInputs } from './inputs.js';
import { type Entrant, timeRuns, warmUp } from './measure.js';

type Request = { kind: 'warm-up'; ms: number } | { kind: 'time'; runs: number };
type Reply =
  | { kind: 'ready'; label: string; observation: Observation }
  | { kind: 'failed'; label: string; message: string }
  | { kind: 'warmed'; perRun: number }
  | { kind: 'timed'; ns: number; messages: number }
  | { kind: 'error'; message: string };

const TSX_ESM = import.meta.resolve('tsx/esm');

/** The child's side: serve `contenderId` on `inputId` until the parent disconnects. */
export async function serveContender(contenderId: string, inputId: string): Promise<void> {
  const send = (reply: Reply) => process.send!(reply);
  const input = buildInputs().find((i) => i.id === inputId);
  let label = contenderId;
  try {
    if (!input) throw new Error(`no input ${inputId}`);
    const contender = await loadContender(contenderId);
    label = contender.label;
    // one parser to check, a fresh one to time: the check's runs leave no trace on the timed one
    const observation = observe(contender.prepare(input));
    const timed = contender.prepare(input);
    process.on('message', (request: Request) => {
      try {
        if (request.kind === 'warm-up') send({ kind: 'warmed', perRun: warmUp(timed, request.ms) });
        else send({ kind: 'timed', ...timeRuns(timed, request.runs) });
      } catch (err) {
        send({ kind: 'error', message: (err as Error).message });
      }
    });
    send({ kind: 'ready', label, observation });
  } catch (err) {
    send({ kind: 'failed', label, message: (err as Error).message });
    process.disconnect();
  }
}

export interface ContenderProcess extends Entrant {
  label: string;
  /** What it saw of the input, or why it could not parse it. */
  seen: Observation | Error;
  close(): void;
}

/** The parent's side: start `script --serve ID --input INPUT` and wait until it is ready. */
export async function startContender(script: string, contenderId: string, inputId: string): Promise<ContenderProcess> {
  const child = spawn(process.execPath, ['--import', TSX_ESM, script, '--serve', contenderId, '--input', inputId], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const first = await nextReply(child, contenderId);
  const call = async <K extends Reply['kind']>(request: Request, kind: K): Promise<Extract<Reply, { kind: K }>> => {
    child.send(request);
    const reply = await nextReply(child, contenderId);
    if (reply.kind === 'error') throw new Error(`${contenderId}: ${reply.message}`);
    if (reply.kind !== kind) throw new Error(`${contenderId}: answered ${reply.kind} to ${request.kind}`);
    return reply as Extract<Reply, { kind: K }>;
  };
  return {
    id: contenderId,
    label: first.kind === 'ready' || first.kind === 'failed' ? first.label : contenderId,
    seen: first.kind === 'ready' ? first.observation : new Error(first.kind === 'failed' ? first.message : first.kind),
    warmUp: async (ms) => (await call({ kind: 'warm-up', ms }, 'warmed')).perRun,
    time: (runs) => call({ kind: 'time', runs }, 'timed'),
    close: () => {
      if (child.connected) child.disconnect();
    },
  };
}

function nextReply(child: ChildProcess, id: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: Reply) => {
      child.off('exit', onExit);
      resolve(reply);
    };
    const onExit = (code: number | null, signal: string | null) => {
      child.off('message', onMessage);
      reject(new Error(`${id}: its process ended (${code ?? signal}) before answering`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}
