// The web-platform globals every runtime of the pure core has — Node ≥ 20, browsers and their dedicated
// workers — declared for tsconfig.core.json, which has no DOM and no Node types. Only what src/ uses, as
// narrowly as it uses it: anything else is a DOM or Node API and belongs in renderer/ or node/, or is
// passed in by the host. (Other configs get these from lib.dom / @types/node and never include this file.)

interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

interface TextDecoder {
  readonly encoding: string;
  decode(input?: ArrayBuffer | ArrayBufferView, options?: { stream?: boolean }): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder };

declare function atob(data: string): string;
declare function btoa(data: string): string;

interface Performance {
  now(): number;
}
declare var performance: Performance;

interface MessagePort {
  onmessage: ((ev: { readonly data: unknown }) => unknown) | null;
  postMessage(message: unknown): void;
  close(): void;
}
interface MessageChannel {
  readonly port1: MessagePort;
  readonly port2: MessagePort;
}
declare var MessageChannel: { prototype: MessageChannel; new (): MessageChannel };

// Streams, only as far as gunzip goes: Blob → DecompressionStream → Response.
interface WritableStream {
  readonly locked: boolean;
}
interface ReadableStream {
  readonly locked: boolean;
  pipeThrough(transform: { readable: ReadableStream; writable: WritableStream }): ReadableStream;
}
interface Blob {
  readonly size: number;
  stream(): ReadableStream;
  arrayBuffer(): Promise<ArrayBuffer>;
}
declare var Blob: { prototype: Blob; new (parts?: (ArrayBuffer | ArrayBufferView<ArrayBuffer> | Blob | string)[], options?: { type?: string }): Blob };
interface DecompressionStream {
  readonly readable: ReadableStream;
  readonly writable: WritableStream;
}
declare var DecompressionStream: { prototype: DecompressionStream; new (format: 'deflate' | 'deflate-raw' | 'gzip'): DecompressionStream };
interface Response {
  arrayBuffer(): Promise<ArrayBuffer>;
}
declare var Response: { prototype: Response; new (body?: ReadableStream | Blob | ArrayBuffer | string | null): Response };
