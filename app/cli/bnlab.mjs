#!/usr/bin/env node
// The package's `bnlab` command in a checkout (npm link): registers tsx, then runs the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
await import('./bnlab.ts');
