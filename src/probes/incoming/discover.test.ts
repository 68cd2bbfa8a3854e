import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFinding } from '../../core/finding.js';
import { combineAttempts, planAttempts, summarizeAttempt, worthTryingNext, type AttemptOutcome } from './discover.js';

const PORTS = { tls: 993, plain: 143 };

test('planAttempts: discovery, a given port, a given security', () => {
  assert.deepEqual(planAttempts({ security: 'auto' }, PORTS).map((p) => p.label), ['993 tls', '143 starttls']);
  assert.deepEqual(planAttempts({ security: 'auto', port: 993 }, PORTS).map((p) => p.label), ['993 tls']);
  assert.deepEqual(planAttempts({ security: 'auto', port: 995 }, PORTS).map((p) => p.label), ['995 tls']);
  assert.deepEqual(planAttempts({ security: 'auto', port: 1143 }, PORTS).map((p) => p.label), ['1143 starttls']);
  assert.deepEqual(planAttempts({ security: 'tls' }, PORTS).map((p) => p.label), ['993 tls']);
  assert.deepEqual(planAttempts({ security: 'none' }, PORTS).map((p) => p.label), ['143 none']);
  assert.deepEqual(planAttempts({ security: 'starttls', port: 10143 }, PORTS).map((p) => p.label), ['10143 starttls']);
});

function outcome(label: string, cause: string | null, stage: 'connect' | 'auth' | 'resolve' | 'select', progress: number, transportOk: boolean): AttemptOutcome<{ label: string }> {
  const [port, security] = label.split(' ') as [string, 'tls' | 'starttls'];
  return {
    plan: { port: Number(port), security, label },
    findings: cause ? [createFinding(cause, { stage, attempt: label })] : [],
    facts: { label },
    progress,
    stage,
    transportOk,
  };
}

test('the first working attempt decides; failed alternatives become info', () => {
  const a = outcome('993 tls', 'connection-refused', 'connect', 1, false);
  const b = outcome('143 starttls', null, 'select', 9, true);
  assert.equal(worthTryingNext(a), true);
  const { chosen, findings } = combineAttempts([a, b]);
  assert.equal(chosen, b);
  assert.deepEqual(findings.map((f) => [f.cause, f.severity, f.attempt]), [['connection-refused', 'info', '993 tls']]);
  assert.deepEqual(summarizeAttempt(a), { port: 993, security: 'tls', ok: false, stage: 'connect', cause: 'connection-refused', summary: findings[0]?.summary });
  assert.equal(summarizeAttempt(b).ok, true);
});

test('when nothing works the furthest failure decides', () => {
  const a = outcome('993 tls', 'connection-refused', 'connect', 1, false);
  const b = outcome('143 starttls', 'auth-bad-credentials', 'auth', 7, true);
  const { chosen, findings } = combineAttempts([a, b]);
  assert.equal(chosen, b);
  assert.equal(findings.find((f) => f.severity === 'error')?.cause, 'auth-bad-credentials');
});

test('no next attempt after a resolve failure or a failure past the transport', () => {
  assert.equal(worthTryingNext(outcome('993 tls', 'dns-no-such-host', 'resolve', 0, false)), false);
  assert.equal(worthTryingNext(outcome('993 tls', 'auth-bad-credentials', 'auth', 7, true)), false);
  assert.equal(worthTryingNext(outcome('993 tls', null, 'select', 9, true)), false);
});
