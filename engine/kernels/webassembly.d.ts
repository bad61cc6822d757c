// The part of the WebAssembly JS API the engine uses. ES2022's lib leaves WebAssembly to the DOM and
// Node typings, which the engine does not load (STYLE.md §1), yet Node, workers and browsers all have it.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array<ArrayBuffer>);
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  interface Global {
    value: number;
  }
  function compile(bytes: Uint8Array<ArrayBuffer>): Promise<Module>;
}
