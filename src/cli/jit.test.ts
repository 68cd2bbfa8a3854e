import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hasDefaultMaglev } from './jit.js';
import { BIN, assertBuiltCli } from '../../test/helpers/built-cli.js';
import { CORPUS, corpusMissing } from '../../test/helpers/bounce-corpus.js';

describe('JIT tiers of the bounce batch', () => {
  test('Maglev is the default optimising tier from Node 22 on', () => {
    assert.equal(hasDefaultMaglev('20.20.2'), false);
    assert.equal(hasDefaultMaglev('21.7.3'), false);
    assert.equal(hasDefaultMaglev('22.0.0'), true);
    assert.equal(hasDefaultMaglev('24.21.0'), true);
  });

  test('`maildoctor bounce` over the corpus: no TurboFan compilation where Maglev is the default, TurboFan as usual elsewhere', { skip: corpusMissing() }, async () => {
    assertBuiltCli();
    // V8 traces each optimisation it starts on stdout ("... (target TURBOFAN) ..."): the
    // corpus (457 messages) makes the analysis hot enough for V8 to optimise it either way
    const { stdout } = await promisify(execFile)(process.execPath, ['--trace-opt', BIN, 'bounce', '--json', join(CORPUS, 'maildir')], { maxBuffer: 256 * 1024 * 1024 }).catch((e: { stdout?: string; code?: number }) => {
      // exit code 1: failed recipients were found, as in the corpus
      if (e.code === 1 && e.stdout !== undefined) return { stdout: e.stdout };
      throw e;
    });
    const turbofan = stdout.split('\n').filter((l) => l.includes('target TURBOFAN')).length;
    const optimised = stdout.split('\n').filter((l) => /target (?:TURBOFAN|MAGLEV)/.test(l)).length;
    assert.ok(optimised > 0, 'V8 optimised nothing: the check below would prove nothing');
    if (hasDefaultMaglev()) assert.equal(turbofan, 0, `${turbofan} TurboFan compilations on Node ${process.versions.node}`);
    else assert.ok(turbofan > 0, `no TurboFan compilation on Node ${process.versions.node}, where Maglev is not the default`);
  });
});
