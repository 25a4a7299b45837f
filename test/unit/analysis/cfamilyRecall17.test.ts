// The two shapes the seventeenth held-out set (test/fixtures/*/heldout17) showed the analyzer over-reading, fixed; each
// with the look-alikes that must stay as they were.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { usesOf } from './analysisProbe';

describe('a generically named function is an activation only when its result is the form', () => {
  it('an agent\'s `CombatAction Act(Observation obs, float aggression)` taking a sigmoid on the way is none', () => {
    const cs = [
      'using static UnityEngine.Mathf;',
      'class Brain {',
      '  public CombatAction Act(Observation obs, float aggression) {',
      '    float dodge = 1f / (1f + Exp(-Clamp(obs.Threat, -20f, 20f)));',
      '    if (dodge > 0.5f) return CombatAction.Dodge;',
      '    return CombatAction.Attack;',
      '  }',
      '  public double Activation(double val) { return 1.0 / (1.0 + System.Math.Exp(-val)); }',
      '  public double Activate(double x) { double s = 1.0 / (1.0 + System.Math.Exp(-x)); return s; }',
      '  public double act(double x) => System.Math.Tanh(x);',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(cs, 'csharp').filter((u) => u.includes(':definition ')),
      ['sigmoid:definition Activation', 'sigmoid:definition Activate', 'tanh:definition act']);
  });
});

describe('TypeScript: a method signature in an interface is no call', () => {
  it('`interface IActivation { activate(z: number): number; }` beside an implementation with a sigmoid body', () => {
    const ts = [
      'export interface IActivation {',
      '  activate(z: number): number;',
      '}',
      'export class Logistic implements IActivation {',
      '  public activate(z: number): number { return 1 / (1 + Math.exp(-z)); }',
      '  run(z: number) { activate(z); return this.activate(z) > 0.5 ? activate(z) : 0; }',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(ts, 'typescript'), [
      'sigmoid:definition activate', 'sigmoid:call 1 / (1 + Math.exp(-z))', 'sigmoid:call activate', 'sigmoid:call activate', 'sigmoid:call activate',
    ]);
  });
});
