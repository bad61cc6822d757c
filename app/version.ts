// The app's version, read once from package.json. A bundle keeps only the fields the app shows
// (app/build-app.ts), never the whole file with its devDependencies.
import pkg from '../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
