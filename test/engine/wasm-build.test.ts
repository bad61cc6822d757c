// The committed float32.wasm is what float32.c builds to, and what the engine embeds: rebuilt here
// where the installed clang is the one that built it (skipped with one line elsewhere).
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { buildKernels, clangVersion, EMBEDDED, WASM } from '../../build/build-wasm.ts';
import { FLOAT32_WASM_BASE64, FLOAT32_WASM_CLANG } from '../../engine/kernels/float32-wasm.ts';

test('the engine embeds exactly the committed float32.wasm', () => {
  expect(Buffer.from(FLOAT32_WASM_BASE64, 'base64').equals(readFileSync(WASM))).toBe(true);
});

const installed = clangVersion();
const sameClang = installed === FLOAT32_WASM_CLANG;
if (!sameClang) console.warn(`[wasm build] SKIPPED: float32.wasm was built with "${FLOAT32_WASM_CLANG}", this machine has ${installed === null ? 'no clang' : `"${installed}"`}`);

test.skipIf(!sameClang)('float32.c rebuilds to the committed bytes', () => {
  const { wasm, embedded } = buildKernels();
  expect(wasm.equals(readFileSync(WASM)), 'float32.wasm is stale: run npx tsx build/build-wasm.ts').toBe(true);
  expect(embedded).toBe(readFileSync(EMBEDDED, 'utf8'));
});
