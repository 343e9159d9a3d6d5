// The layer rules of DESIGN.md, checked on the sources' imports: a change that breaks one fails here rather
// than in a review.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const LAYERS = ['azure', 'bench', 'bot', 'cards', 'cli', 'config', 'jobs', 'posture', 'store'] as const;
type Layer = (typeof LAYERS)[number];
const BOT_PACKAGE = /^(botbuilder|botframework-|@microsoft\/teams-ai)/;

interface Import {
  file: string;
  /** The layer a relative import lands in, or null for a package or a node: module. */
  layer: Layer | null;
  specifier: string;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function importsOf(layer: Layer): Import[] {
  const found: Import[] = [];
  for (const file of sources(layer)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'([^']+)'/g)) {
      const specifier = m[1]!;
      let target: Layer | null = null;
      if (specifier.startsWith('.')) {
        const top = relative(ROOT, resolve(file, '..', specifier)).split('/')[0];
        target = (LAYERS as readonly string[]).includes(top!) ? (top as Layer) : null;
      }
      found.push({ file: relative(ROOT, file), layer: target, specifier });
    }
  }
  return found;
}

/** Imports of `layer` that reach into another layer not in `allowed`. */
const crossings = (layer: Layer, allowed: Layer[]) =>
  importsOf(layer)
    .filter((i) => i.layer !== null && i.layer !== layer && !allowed.includes(i.layer))
    .map((i) => `${i.file}: ${i.specifier}`);

describe('layer rules (DESIGN.md)', () => {
  it('posture/ is pure: no other layer, no Node module, no package but zod', () => {
    // (The one exception: the detector loads its compiled loop with `node:module`, code rather than data.)
    const allowed = (i: Import) =>
      i.specifier === 'zod/v4' || (i.file === 'posture/anomaly.ts' && i.specifier === 'node:module');
    const bad = importsOf('posture').filter(
      (i) =>
        (i.layer !== null && i.layer !== 'posture') ||
        (i.layer === null && !i.specifier.startsWith('.') && !allowed(i)),
    );
    expect(bad.map((i) => `${i.file}: ${i.specifier}`)).toEqual([]);
  });

  it('cards/ are pure functions of domain data', () => {
    expect(crossings('cards', ['posture'])).toEqual([]);
    const packages = importsOf('cards').filter((i) => i.layer === null && !i.specifier.startsWith('.'));
    expect(packages.map((i) => i.specifier).filter((s) => s !== 'adaptivecards-templating')).toEqual([]);
  });

  it('store/ and azure/ depend only on the domain and configuration', () => {
    expect(crossings('store', ['posture'])).toEqual([]);
    expect(crossings('azure', ['posture', 'config'])).toEqual([]);
  });

  it('jobs/ queue through the store and never reach into the bot', () => {
    expect(crossings('jobs', ['posture', 'store', 'azure', 'cards', 'config'])).toEqual([]);
  });

  it('only bot/ knows botbuilder and teams-ai', () => {
    const bad = LAYERS.filter((l) => l !== 'bot').flatMap((l) =>
      importsOf(l)
        .filter((i) => BOT_PACKAGE.test(i.specifier))
        .map((i) => `${i.file}: ${i.specifier}`),
    );
    expect(bad).toEqual([]);
  });

  it('reads every layer (the rules above are not vacuous)', () => {
    for (const layer of LAYERS) expect(importsOf(layer).length, layer).toBeGreaterThan(0);
  });
});
