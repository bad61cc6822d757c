// Development and tests only: Node's own type stripping refuses the engine's parameter properties,
// so this JS entry registers tsx in the worker and then imports the TypeScript entry named in argv.
// A packaged app runs the bundled worker instead (see trainer-thread-entry.ts).
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
