// The shape of the code, checked on every `npm test`: imports go one way (no circles, type-only
// ones included), the AWS SDK, the environment and Lambda stay in shared/adapters/, the domain
// depends on nothing else, and no module of the core grows past what one reader holds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SOURCE_DIRS = ['shared', 'functions', 'templates', 'bin', 'infra'];
const ALIASES: Record<string, string> = {
  '#shared/': 'shared/',
  '#templates/': 'templates/',
  '#functions/': 'functions/',
  '#infra/': 'infra/',
  '#bin/': 'bin/',
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every module specifier a file imports or re-exports, type-only ones included. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:^|\n)\s*(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g,
    /import\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** The project file a specifier names, or undefined for a package. */
function resolve(from: string, specifier: string): string | undefined {
  for (const [alias, dir] of Object.entries(ALIASES))
    if (specifier.startsWith(alias)) return `${dir}${specifier.slice(alias.length)}.ts`;
  if (specifier.startsWith('.')) return normalize(join(dirname(from), specifier));
  return undefined;
}

const files = SOURCE_DIRS.flatMap(sourceFiles);
const texts = new Map(files.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));
const imports = new Map(files.map((f) => [f, specifiers(texts.get(f)!)]));
const edges = new Map(
  files.map((f) => [
    f,
    imports
      .get(f)!
      .map((s) => resolve(f, s))
      .filter((t): t is string => t !== undefined),
  ]),
);

/** Each import circle once, as the files around it. */
function circles(): string[][] {
  const found = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const circle = stack.slice(stack.indexOf(next));
        found.set([...circle].sort().join(' '), circle);
      } else if (!state.has(next) && edges.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return [...found.values()];
}

const layer = (file: string) => file.split('/').slice(0, 2).join('/');
const violations = (check: (file: string) => string[]) => files.flatMap(check);

describe('the import graph', () => {
  it('has the modules it is meant to read (the check sees imports at all)', () => {
    expect(edges.get('shared/ingest/ingest.ts')).toContain('shared/ingest/emails.ts');
    expect(edges.get('functions/inbound.ts')).toContain('shared/adapters/lambda.ts');
  });

  it('has no import circles, type-only imports included', () => {
    expect(circles().map((c) => c.join(' → '))).toEqual([]);
  });

  it('keeps the domain free of everything else in the project', () => {
    const found = violations((file) =>
      layer(file) === 'shared/domain'
        ? edges
            .get(file)!
            .filter((t) => layer(t) !== 'shared/domain')
            .map((t) => `${file} → ${t}`)
        : [],
    );
    expect(found).toEqual([]);
  });

  it('lets the store depend only on the domain', () => {
    const found = violations((file) =>
      layer(file) === 'shared/store'
        ? edges
            .get(file)!
            .filter((t) => !['shared/store', 'shared/domain'].includes(layer(t)))
            .map((t) => `${file} → ${t}`)
        : [],
    );
    expect(found).toEqual([]);
  });

  it('never lets the core or the templates reach into the CLI, the functions or the stack', () => {
    const found = violations((file) =>
      file.startsWith('shared/') || file.startsWith('templates/')
        ? edges
            .get(file)!
            .filter((t) => /^(bin|functions|infra)\//.test(t))
            .map((t) => `${file} → ${t}`)
        : [],
    );
    expect(found).toEqual([]);
  });
});

describe('adapters', () => {
  const outsideAdapters = (file: string) => !file.startsWith('shared/adapters/');

  it('are the only code that imports the AWS SDK', () => {
    const found = violations((file) =>
      outsideAdapters(file) && !file.startsWith('infra/')
        ? imports
            .get(file)!
            .filter((s) => s.startsWith('@aws-sdk/'))
            .map((s) => `${file} imports ${s}`)
        : [],
    );
    expect(found).toEqual([]);
  });

  it('are the only part of the core that reads the environment or knows Lambda', () => {
    const found = violations((file) => {
      if (!file.startsWith('shared/') || !outsideAdapters(file)) return [];
      const text = texts.get(file)!;
      return [
        ...(/process\.env/.test(text) ? [`${file} reads process.env`] : []),
        ...imports
          .get(file)!
          .filter((s) => /aws-lambda/.test(s))
          .map((s) => `${file} imports ${s}`),
      ];
    });
    expect(found).toEqual([]);
  });
});

describe('every module', () => {
  it('opens with a comment saying what lives there', () => {
    const bare = files.filter((f) => !texts.get(f)!.startsWith('//') && !texts.get(f)!.startsWith('#!'));
    expect(bare).toEqual([]);
  });
});

describe('modules of the core', () => {
  const core = files.filter((f) => f.startsWith('shared/'));

  it('stay under 400 lines each', () => {
    const long = core
      .map((f) => ({ file: f, lines: texts.get(f)!.split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });

  it('live in folders by layer, none loose at the top but the one Deps type', () => {
    const loose = core.filter((f) => relative('shared', dirname(f)) === '' && f !== 'shared/deps.ts');
    expect(loose).toEqual([]);
  });
});
