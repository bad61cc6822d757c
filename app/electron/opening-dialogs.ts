// Electron's dialogs for lab-opening.ts: what to do with a file that will not open, which file to
// open or recover into, and what recovery copied. Every failure is also written to the log.
import path from 'node:path';
import { dialog } from 'electron';
import type { LabOpeningDialogs, OpeningChoice } from './lab-opening.ts';
import type { LogFile } from './log-file.ts';

/** `openLab`: the file the app goes on with when the person gives up; none at start-up, where giving up quits. */
export function openingDialogs(log: LogFile, openLab?: string): LabOpeningDialogs {
  return {
    async askWhatToDo(file, message, canRecover) {
      log.write('error', `cannot open ${file}: ${message}`);
      const giveUp = openLab === undefined ? 'Quit' : `Go on with ${path.basename(openLab)}`;
      const choices: [string, OpeningChoice][] = [...(canRecover ? [['Recover…', 'recover'] as [string, OpeningChoice]] : []), ['Open another file…', 'other'], [giveUp, 'giveUp']];
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: 'BN Lab cannot open this database',
        message: `BN Lab cannot open ${file}`,
        detail: `${message}${canRecover ? '\n\nRecover copies everything still readable into a new file and opens that; this one is not changed.' : ''}`,
        buttons: choices.map(([label]) => label),
        defaultId: 0,
        cancelId: choices.length - 1,
      });
      return choices[response]![1];
    },
    async chooseLabFile() {
      const choice = await dialog.showOpenDialog({ title: 'Open a BN Lab database', properties: ['openFile', 'promptToCreate'], filters: [{ name: 'BN Lab database', extensions: ['db', 'sqlite'] }] });
      return choice.canceled ? null : (choice.filePaths[0] ?? null);
    },
    async chooseRecoveryFile(damaged) {
      const parsed = path.parse(damaged);
      const choice = await dialog.showSaveDialog({ title: `Recover ${parsed.base} into`, defaultPath: path.join(parsed.dir, `${parsed.name}-recovered${parsed.ext || '.db'}`), filters: [{ name: 'BN Lab database', extensions: ['db'] }] });
      return choice.canceled || !choice.filePath ? null : choice.filePath;
    },
    async showRecovered(file, summary) {
      log.write('info', `recovered into ${file}: ${summary.replaceAll('\n', '; ')}`);
      await dialog.showMessageBox({ type: 'info', title: 'Recovered', message: `Recovered into ${file}`, detail: summary });
    },
    showError(title, message) {
      log.write('error', `${title}: ${message}`);
      dialog.showErrorBox(title, message);
    },
  };
}

