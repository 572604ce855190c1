import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { everyVariable } from '../../proxy/config.ts';

// The README's configuration table is what a site owner reads; the variable table in
// proxy/config/variables.ts is what the proxy reads. They must name the same variables.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The variables named in the first cell of each row of the README's configuration table. */
function documentedVariables(): Set<string> {
  const section = readme.slice(readme.indexOf('### Configuration'), readme.indexOf('**Several apps**'));
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    const firstCell = /^\| ([^|]+) \|/.exec(line)?.[1] ?? '';
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) if (match[1] !== undefined) names.add(match[1]);
  }
  return names;
}

describe('the README’s configuration table', () => {
  it('documents every variable the proxy reads, and no variable it does not read', () => {
    const read = new Set([...everyVariable().map((variable) => variable.name), 'STATE_DIR']);
    const documented = documentedVariables();
    expect([...read].filter((name) => !documented.has(name)).sort(), 'read by the proxy, missing from the README').toEqual([]);
    expect([...documented].filter((name) => !read.has(name)).sort(), 'in the README, not read by the proxy').toEqual([]);
  });
});
