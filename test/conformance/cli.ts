/**
 * `npm run test:dify`: the conformance suite against a real Dify, directly and through our proxy.
 * Exit code 0 when nothing failed, 1 on any failure, 2 when the environment is incomplete.
 */
import { readEnvironment } from './environment.ts';
import { runSuite } from './suite.ts';
import { failures, renderTable } from './table.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const environment = readEnvironment(process.env, print);
  if (!environment.ok) {
    for (const problem of environment.problems) print(`test:dify: ${problem}`);
    return 2;
  }
  const { options, notes } = environment;
  for (const note of notes) print(note);
  print(`Checking ${options.apps.map((app) => app.mode).join(', ')} at ${options.apiUrl}, directly and through the proxy…`);
  const results = await runSuite(options);
  print('');
  print(renderTable(results));
  const failed = failures(results).length;
  print('');
  print(failed === 0 ? 'No failures.' : `${failed} check(s) failed.`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
