// Model state ⇄ bytes, with no I/O: parameters, running statistics, optimizer moments and step,
// plus whatever the caller adds (epoch, RNG words). Restoring it continues a run bit-identically.
import { EngineError } from './errors.ts';
import type { FloatArray } from './dtype.ts';
import type { Network } from './network.ts';
import type { Optimizer } from './optimizers.ts';

const MAGIC = 0x424e4c31; // "BNL1"
const VERSION = 1;

interface StateHeader {
  version: number;
  dtype: string;
  optimizer: string;
  /** Segment layout, so a checkpoint is refused by a network of another shape. */
  layout: string;
  lengths: { params: number; running: number; m: number; v: number };
  optimizerStep: number;
  extra: Record<string, unknown>;
}

export function serializeModelState(net: Network, optimizer: Optimizer, extra: Record<string, unknown> = {}): Uint8Array {
  const buffers = [net.params.data, net.params.running, optimizer.m, optimizer.v];
  const header: StateHeader = {
    version: VERSION,
    dtype: net.spec.dtype,
    optimizer: optimizer.spec.kind,
    layout: layoutOf(net),
    lengths: { params: buffers[0]!.length, running: buffers[1]!.length, m: buffers[2]!.length, v: buffers[3]!.length },
    optimizerStep: optimizer.step,
    extra,
  };
  const json = JSON.stringify(header);
  const headerBytes = align8(12 + 2 * json.length);
  const bodyBytes = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const bytes = new Uint8Array(headerBytes + bodyBytes);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.length, true);
  for (let i = 0; i < json.length; i++) view.setUint16(12 + 2 * i, json.charCodeAt(i), true);
  let offset = headerBytes;
  for (const b of buffers) {
    bytes.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), offset);
    offset += b.byteLength;
  }
  return bytes;
}

/** Reads the header alone (e.g. to learn the epoch of a checkpoint) without touching a network. */
export function readStateHeader(bytes: Uint8Array): StateHeader {
  return parseState(bytes).header;
}

function parseState(bytes: Uint8Array): { header: StateHeader; bodyOffset: number } {
  const fail = (why: string): never => {
    throw new EngineError('invalid_state', `checkpoint is not usable: ${why}`);
  };
  if (bytes.byteLength < 12) fail(`only ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('it does not start with the BN Lab state marker');
  if (view.getUint32(4, true) !== VERSION) fail(`format version ${view.getUint32(4, true)} is not ${VERSION}`);
  const length = view.getUint32(8, true);
  if (12 + 2 * length > bytes.byteLength) fail('its header is truncated');
  let json = '';
  for (let i = 0; i < length; i++) json += String.fromCharCode(view.getUint16(12 + 2 * i, true));
  let header: StateHeader;
  try {
    header = JSON.parse(json) as StateHeader;
  } catch {
    return fail('its header is damaged');
  }
  return { header, bodyOffset: align8(12 + 2 * length) };
}

/**
 * Loads state written by serializeModelState into a network and optimizer of the same spec. With
 * `newOptimizer` (a branch that switches optimizer kind), state of another kind is not an error:
 * the parameters and running statistics load and the optimizer starts afresh at step 0.
 */
export function restoreModelState(net: Network, optimizer: Optimizer, bytes: Uint8Array, options: { newOptimizer?: boolean } = {}): Record<string, unknown> {
  const { header, bodyOffset } = parseState(bytes);
  const fail = (why: string): never => {
    throw new EngineError('invalid_state', `checkpoint does not fit this network: ${why}`);
  };
  if (header.dtype !== net.spec.dtype) fail(`it holds ${header.dtype}, the network is ${net.spec.dtype}`);
  const sameOptimizer = header.optimizer === optimizer.spec.kind;
  if (!sameOptimizer && !options.newOptimizer) fail(`it holds ${header.optimizer} state, the optimizer is ${optimizer.spec.kind}`);
  if (header.layout !== layoutOf(net)) fail(`its layers are ${header.layout}, the network's are ${layoutOf(net)}`);
  const size = (b: FloatArray) => b.byteLength;
  const width = net.params.data.BYTES_PER_ELEMENT;
  const { lengths } = header;
  const expectedBytes = bodyOffset + width * (lengths.params + lengths.running + lengths.m + lengths.v);
  if (lengths.params * width !== size(net.params.data) || lengths.running * width !== size(net.params.running) || bytes.byteLength !== expectedBytes) {
    fail(`it has ${bytes.byteLength} bytes, expected ${expectedBytes}`);
  }
  if (sameOptimizer && (lengths.m * width !== size(optimizer.m) || lengths.v * width !== size(optimizer.v))) fail('its optimizer moments have another size');
  // Copy rather than view: the byte offset of a stored blob need not be aligned for Float64Array.
  let offset = bodyOffset;
  const load = (b: FloatArray, length: number) => {
    new Uint8Array(b.buffer, b.byteOffset, b.byteLength).set(bytes.subarray(offset, offset + length * width));
    offset += length * width;
  };
  load(net.params.data, lengths.params);
  load(net.params.running, lengths.running);
  if (sameOptimizer) {
    load(optimizer.m, lengths.m);
    load(optimizer.v, lengths.v);
    optimizer.step = header.optimizerStep;
  } else {
    optimizer.m.fill(0);
    optimizer.v.fill(0);
    optimizer.step = 0;
  }
  return header.extra;
}

function layoutOf(net: Network): string {
  return net.params.segments.map((s) => `${s.layer}.${s.name}[${s.shape.join('x')}]`).join(' ');
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
