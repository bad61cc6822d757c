// What a native Node module was built for, read from its own header: the OS (ELF, Mach-O or PE),
// the processor, the C library on Linux, and whether it is a Node-API module (one binary for every
// Node and Electron) or one tied to a single runtime's ABI. electron-builder once "rebuilt" a module
// for Electron against Node's headers and reported success, so packages are checked by reading the file.
// Only erasable TypeScript here: electron-builder's afterPack hook loads this with Node's type stripping.

export interface NativeModule {
  platform: 'linux' | 'darwin' | 'win32' | 'unknown';
  arch: 'x64' | 'arm64' | 'ia32' | 'universal' | 'unknown';
  /** Linux only: Electron's Linux builds link glibc, and a musl module does not load there. */
  libc?: 'glibc' | 'musl';
  /** Exports napi_register_module_v1 rather than a runtime-specific node_register_module_vNNN. */
  nodeApi: boolean;
}

const ELF_MACHINES: Record<number, NativeModule['arch']> = { 3: 'ia32', 62: 'x64', 183: 'arm64' };
const MACHO_CPUS: Record<number, NativeModule['arch']> = { 0x7: 'ia32', 0x01000007: 'x64', 0x0100000c: 'arm64' };
const PE_MACHINES: Record<number, NativeModule['arch']> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64' };

export function inspectNativeModule(bytes: Buffer): NativeModule {
  const nodeApi = bytes.includes('napi_register_module_v1') && !bytes.includes('node_register_module_v');
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const libc = bytes.includes('libc.musl') || bytes.includes('ld-musl') ? 'musl' : 'glibc';
    return { platform: 'linux', arch: ELF_MACHINES[bytes.readUInt16LE(18)] ?? 'unknown', libc, nodeApi };
  }
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    return { platform: 'darwin', arch: MACHO_CPUS[bytes.readUInt32LE(4)] ?? 'unknown', nodeApi };
  }
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xcafebabe) return { platform: 'darwin', arch: 'universal', nodeApi };
  if (bytes.length >= 64 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 <= bytes.length && bytes.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      return { platform: 'win32', arch: PE_MACHINES[bytes.readUInt16LE(pe + 4)] ?? 'unknown', nodeApi };
    }
  }
  return { platform: 'unknown', arch: 'unknown', nodeApi };
}

/** Why a module cannot load in Electron on `platform`/`arch`, or null when it can. */
export function nativeModuleProblem(module: NativeModule, platform: string, arch: string): string | null {
  const built = `${module.platform}-${module.arch}${module.libc === 'musl' ? ' (musl)' : ''}`;
  if (module.platform !== platform || (module.arch !== arch && module.arch !== 'universal')) return `it is built for ${built}, not ${platform}-${arch}`;
  if (module.libc === 'musl') return `it is built for musl, and Electron on Linux uses glibc`;
  if (!module.nodeApi) return 'it is not a Node-API module, so it is tied to one runtime\'s ABI';
  return null;
}
