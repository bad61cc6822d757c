// bnlab in this process: its main() with streams that collect what it writes, so a test of its
// wording costs no child process. What only a process shows (the exit code it really exits with,
// being killed) is tested on the spawned command in test/app/cli/bnlab-process.test.ts.
import { Writable } from 'node:stream';
import { main } from '../../app/cli/main.ts';

export interface BnlabResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function bnlab(...args: string[]): Promise<BnlabResult> {
  const stdout = collector();
  const stderr = collector();
  const status = await main(args, { stdout: stdout.stream, stderr: stderr.stream });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

function collector(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  // main takes the process's stream type; it uses only write, on and isTTY, which is undefined
  // here, so the output is what a pipe or a log gets.
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}
