// The bnlab command's entry: run main, exit with its code (after the service has closed the file).
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
