import { expect, test } from 'vitest';
import { fileSize, storageShare } from '../../../app/contract/file-size.ts';

test('should show kilobytes below a megabyte and one decimal above', () => {
  expect(fileSize(1)).toBe('1 kB');
  expect(fileSize(1024 * 1024 - 1)).toBe('1024 kB');
  expect(fileSize(3.25 * 1024 * 1024)).toBe('3.3 MB');
});

test('should give an experiment share as a whole percentage of the file, and 0% of an empty one', () => {
  expect(storageShare(512 * 1024, 2 * 1024 * 1024)).toBe('512 kB stored (25% of the file)');
  expect(storageShare(0, 0)).toBe('0 kB stored (0% of the file)');
});
