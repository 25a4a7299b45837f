// Shapes the eighth to tenth held-out sets showed the analyzer missing and that were left open there (README, "Not
// recognised yet", until they were fixed): a name registered for a lambda, a maximum that cannot shift the exps, and
// a log-sum-exp in the naive arm of a conditional. Each with the look-alikes that must stay as they were.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, usesOf } from './analysisProbe';

const stringUses = (text: string, lang: 'java' | 'csharp' | 'javascript' | 'typescript'): string[] =>
  usesOf(text, lang).filter((u) => u.includes(':string '));

describe('a function registered under an activation\'s name as a lambda, and called by that name', () => {
  it('Spark: `register("sigmoid", (UDF1<Double, Double>) m -> …)` and `call_udf("sigmoid", …)` are uses of sigmoid', () => {
    const java = [
      'class Job {',
      '  static void register(SparkSession spark) {',
      '    spark.udf().register("sigmoid",',
      '        (UDF1<Double, Double>) m -> 1.0 / (1.0 + Math.exp(-m)), DataTypes.DoubleType);',
      '    spark.udf().register("tanh", (UDF1<Double, Double>) m -> { double c = m / 2.0; return Math.tanh(c); }, DataTypes.DoubleType);',
      '    spark.udf().register("relu", (UDF1<Double, Double>) m -> Math.log(1.0 + m), DataTypes.DoubleType);',
      '    spark.udf().register("softplus", (UDF1<Double, Double>) m -> { log.info("softplus " + Math.tanh(m)); return m; }, DataTypes.DoubleType);',
      '  }',
      '  static Dataset<Row> score(Dataset<Row> df) {',
      '    return df.withColumn("sigmoid", functions.call_udf("sigmoid", functions.col("margin")))',
      '        .withColumn("t", functions.callUDF("tanh", functions.col("m")))',
      '        .withColumn("r", functions.call_udf("relu", functions.col("m")));',
      '  }',
      '}',
    ].join('\n');
    // The relu lambda computes no relu, the softplus lambda returns its input: their names register nothing. The
    // column named "sigmoid" is a column.
    assert.deepEqual(stringUses(java, 'java'), [
      'sigmoid:string "sigmoid"',
      'tanh:string "tanh"',
      'sigmoid:string "sigmoid"',
      'tanh:string "tanh"',
    ]);
    assert.deepEqual(findingsOf(java, 'java').map((f) => f.split(' ')[0]), ['unstable-sigmoid']);
  });

  it('C#: a lambda cast to a generic delegate type parses, so its form is found and its name registered', () => {
    const cs = [
      'class Registry {',
      '  void Setup(FunctionTable table) {',
      '    table.Register("sigmoid", (Func<double, double>)(x => 1.0 / (1.0 + Math.Exp(-x))));',
      '    double y = table.Invoke("sigmoid", 0.5);',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(cs, 'csharp'), ['unstable-sigmoid 1.0 / (1.0 + Math.Exp(-x))']);
    assert.deepEqual(stringUses(cs, 'csharp'), ['sigmoid:string "sigmoid"', 'sigmoid:string "sigmoid"']);
  });

  it('a test suite named after an activation registers nothing: `describe(\'sigmoid\', () => { … })`', () => {
    const ts = [
      "import { sigmoid } from './activations';",
      "describe('sigmoid', () => {",
      "  it('is one half at zero', () => { expect(sigmoid(0)).toBe(0.5); });",
      "  test('sigmoid', () => expect(sigmoid(1)).toBeCloseTo(0.731, 3));",
      '});',
    ].join('\n');
    assert.deepEqual(stringUses(ts, 'typescript'), []);
  });
});

describe('a maximum that cannot be the shift of a softmax\'s exps', () => {
  it('an argmax kept in a local of an earlier loop leaves a later loop\'s softmax reported; one in an enclosing block does not', () => {
    const js = [
      "const { exp } = Math;",
      'for (const x of batch) {',
      '  const logits = forward(x);',
      '  const pred = logits.indexOf(Math.max(...logits));',
      '  correct += pred === x.label ? 1 : 0;',
      '}',
      'for (const x of batch) {',
      '  const { logits } = forward(x);',
      '  const e = logits.map((z) => exp(z));',
      '  const Z = e.reduce((a, b) => a + b, 0);',
      '  console.log(`${x.id}\\t${Array.from(e, (v) => (v / Z).toFixed(3)).join(" ")}`);',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(js, 'javascript'), ['unstable-softmax exp(z)']);
    // A maximum in the block around the exps, passed on to what may shift by it, is presumed their shift.
    const enclosing = js.replace('for (const x of batch) {\n  const { logits }', '{\n  const m = Math.max(...lg);\n  shiftAll(lg, m);\n  for (const x of batch) {\n  const { logits }') + '\n}';
    assert.deepEqual(findingsOf(enclosing, 'javascript'), []);
  });

  it('an earlier block that shifts its values in place by its local maximum still counts', () => {
    const js = [
      'for (const row of rows) {',
      '  const m = Math.max(...row);',
      '  for (let j = 0; j < row.length; j++) row[j] -= m;',
      '}',
      'for (const row of rows) {',
      '  const e = row.map((v) => Math.exp(v));',
      '  const s = e.reduce((a, b) => a + b, 0);',
      '  out.push(e.map((v) => v / s));',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(js, 'javascript'), []);
    const storeShift = js.replace('row[j] -= m;', 'row[j] = row[j] - m;');
    assert.deepEqual(findingsOf(storeShift, 'javascript'), []);
  });
});

describe('log-sum-exp in the naive arm of a conditional, or before the maximum is taken', () => {
  it('`stable ? max + Log(Σ Exp(v - max)) : Log(Σ Exp(v))` reports the naive arm only', () => {
    const cs = [
      'class Curves {',
      '  double Lse(double[] logits, bool stable) {',
      '    double lse = stable',
      '        ? logits.Max() + Math.Log(logits.Sum(v => Math.Exp(v - logits.Max())))',
      '        : Math.Log(logits.Sum(v => Math.Exp(v)));',
      '    return lse;',
      '  }',
      '  double Shifted(double[] z) {',
      '    var s = z.Select(v => v - z.Max()).ToArray();',
      '    return Math.Log(s.Sum(v => Math.Exp(v)));',
      '  }',
      '}',
    ].join('\n');
    // The second method shifts its values before the log-sum-exp: presumed stable, as before.
    assert.deepEqual(findingsOf(cs, 'csharp'), ['unstable-logsumexp Math.Log(logits.Sum(v => Math.Exp(v)))']);
  });

  it('a maximum taken only after the naive log-sum-exp shifts nothing', () => {
    const cs = [
      'using static System.Math;',
      'class Tests {',
      '  void NaiveOverflows() {',
      '    double[] z = { 1000.0, 1000.0 };',
      '    double naive = Log(z.Sum(v => Exp(v)));',
      '    double m = z.Max();',
      '    double shifted = m + Log(z.Sum(v => Exp(v - m)));',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(cs, 'csharp'), ['unstable-logsumexp Log(z.Sum(v => Exp(v)))']);
  });
});
