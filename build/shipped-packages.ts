// Which npm packages ship inside the app, read from what the bundlers actually bundled, and the
// licence notice and the list that the About box shows for them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package names in a list of bundled module paths (`…/node_modules/@scope/name/…` → `@scope/name`). */
export function packagesIn(modulePaths: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const modulePath of modulePaths) {
    const parts = modulePath.replace(/\\/g, '/').split('/');
    const at = parts.lastIndexOf('node_modules');
    if (at < 0 || at + 1 >= parts.length) continue;
    const first = parts[at + 1]!;
    names.add(first.startsWith('@') ? `${first}/${parts[at + 2]}` : first);
  }
  return [...names].sort();
}

interface PackageJson {
  name: string;
  version: string;
  license?: string;
}

/** The app's own package, then each shipped one once, by name: its manifest and folder. */
function shippedPackages(projectRoot: string, packages: readonly string[]): { manifest: PackageJson; dir: string }[] {
  const dirs = [projectRoot, ...[...new Set(packages)].sort().map((name) => path.join(projectRoot, 'node_modules', name))];
  return dirs.map((dir) => ({ manifest: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson, dir }));
}

/** "name version (licence)" a package, for the About box. */
export function packageLines(projectRoot: string, packages: readonly string[]): string[] {
  return shippedPackages(projectRoot, packages).map(({ manifest }) => packageLine(manifest));
}

/** One section a package (name, version, licence and its licence file's text), then `more` sections as given. */
export function licenceNotice(projectRoot: string, packages: readonly string[], more: readonly string[] = []): string {
  const sections = shippedPackages(projectRoot, packages).map(({ manifest, dir }) => section(manifest, licenceText(dir)));
  sections.push(...more.map((text) => text.trim()));
  return `${sections.join(`\n\n${'='.repeat(78)}\n\n`)}\n`;
}

function packageLine(manifest: PackageJson): string {
  return `${manifest.name} ${manifest.version} (${manifest.license ?? 'licence not stated'})`;
}

function section(manifest: PackageJson, text: string | null): string {
  return `${packageLine(manifest)}\n\n${text ? text.trim() : '(no licence file in the package)'}`;
}

function licenceText(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  return file ? readFileSync(path.join(dir, file), 'utf8') : null;
}
