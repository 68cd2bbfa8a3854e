import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hasDefaultMaglev } from './jit.js';
import { pathToFileURL } from 'node:url';
import { BIN, ROOT, assertBuiltCli } from '../../test/helpers/built-cli.js';
import { CORPUS, corpusMissing } from '../../test/helpers/bounce-corpus.js';

describe('JIT tiers of the bounce batch', () => {
  test('Maglev is the default optimising tier from Node 22 on', () => {
    assert.equal(hasDefaultMaglev('20.20.2'), false);
    assert.equal(hasDefaultMaglev('21.7.3'), false);
    assert.equal(hasDefaultMaglev('22.0.0'), true);
    assert.equal(hasDefaultMaglev('24.21.0'), true);
  });

  test('`maildoctor bounce` over the corpus: no TurboFan compilation where Maglev is the default; elsewhere TurboFan without inlining, which the library alone does inline', { skip: corpusMissing() }, async () => {
    assertBuiltCli();
    // V8 traces each optimisation it starts on stdout ("... (target TURBOFAN) ...") and each
    // function TurboFan inlines ("Inlining 0x... into 0x..."): the corpus (457 messages) makes
    // the analysis hot enough for V8 to optimise it either way
    const traced = async (args: string[]): Promise<string[]> => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--trace-opt', '--trace-turbo-inlining', ...args], { maxBuffer: 256 * 1024 * 1024 }).catch((e: { stdout?: string; code?: number }) => {
        // exit code 1: failed recipients were found, as in the corpus
        if (e.code === 1 && e.stdout !== undefined) return { stdout: e.stdout };
        throw e;
      });
      return stdout.split('\n');
    };
    const lines = await traced([BIN, 'bounce', '--json', join(CORPUS, 'maildir')]);
    const turbofan = lines.filter((l) => l.includes('target TURBOFAN')).length;
    const optimised = lines.filter((l) => /target (?:TURBOFAN|MAGLEV)/.test(l)).length;
    const inlined = lines.filter((l) => l.startsWith('Inlining 0x')).length;
    assert.ok(optimised > 0, 'V8 optimised nothing: the check below would prove nothing');
    if (hasDefaultMaglev()) {
      assert.equal(turbofan, 0, `${turbofan} TurboFan compilations on Node ${process.versions.node}`);
      return;
    }
    assert.ok(turbofan > 0, `no TurboFan compilation on Node ${process.versions.node}, where Maglev is not the default`);
    assert.equal(inlined, 0, `TurboFan inlined ${inlined} functions on Node ${process.versions.node}`);
    // the same analysis through the library, which sets no flag: TurboFan inlines there
    const script = `import { analyzeBounce } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/index.js')).href)};
      import { readdirSync, readFileSync } from 'node:fs';
      const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(d + '/' + e.name) : [d + '/' + e.name]);
      for (let pass = 0; pass < 2; pass++) for (const f of walk(${JSON.stringify(join(CORPUS, 'maildir'))})) analyzeBounce(readFileSync(f));`;
    const library = await traced(['--input-type=module', '-e', script]);
    assert.ok(library.filter((l) => l.startsWith('Inlining 0x')).length > 0, 'the library run inlined nothing: the check above would prove nothing');
  });
});
