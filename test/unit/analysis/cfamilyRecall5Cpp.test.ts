// C and C++ shapes the fifth held-out set (test/fixtures/cpp/heldout5) showed the analyzer missing, one describe per
// class of miss; each has the look-alikes that must stay silent next to the shapes that must be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, usesOf, findingsOf, fixOf } from './analysisProbe';

describe('C/C++: the one converted through the file\'s alias of a floating type (using real = double; typedef float real_t;)', () => {
  const aliases = [
    ['using real = double;', 'real'],
    ['typedef float real_t;', 'real_t'],
    ['using scalar = long double;', 'scalar'],
    ['using value_type = std::float_t;', 'value_type'],
    ['typedef const double cdouble;', 'cdouble'],
  ] as const;

  it('reads N(1), N{1} of an alias as the one of the sigmoid, the output-value derivative and log(1 - sigmoid), without a fix', () => {
    for (const [declaration, alias] of aliases) {
      for (const one of [`${alias}(1)`, `${alias}{1}`, `${alias}(1.0)`]) {
        const text = [
          '#include <cmath>',
          declaration,
          `${alias} logistic(${alias} z) { return ${one} / (${one} + std::exp(-z)); }`,
          `${alias} logistic_derivative(${alias} y) { return y * (${one} - y); }`,
          `${alias} log_complement(${alias} z) { return std::log(${one} - logistic(z)); }`,
        ].join('\n');
        assert.deepEqual(findingsOf(text, 'cpp'), [
          `unstable-sigmoid ${one} / (${one} + std::exp(-z))`,
          `lossy-sigmoid-derivative y * (${one} - y)`,
          `unstable-log-sigmoid std::log(${one} - logistic(z))`,
        ], one);
        assert.equal(fixOf(text, 'cpp', `${one} / (${one} + std::exp(-z))`), undefined, one);
        assert.equal(fixOf(text, 'cpp', `std::log(${one} - logistic(z))`), undefined, one);
        assert.ok(usesOf(text, 'cpp').includes(`log_sigmoid:call std::log(${one} - logistic(z))`), one);
      }
    }
  });

  it('a name that is no alias of a floating type, or an alias of something else, is no conversion of one', () => {
    const silent = [
      // An alias of an integer or a container: `count(1)` is no floating one, and the sigmoid of an int is not the form.
      ['using count = std::vector<double>;', 'double f(double z) { return count(1) / (count(1) + std::exp(-z)); }'],
      // A function the file calls, not a type.
      ['double one(int k);', 'double f(double z) { return one(1) / (one(1) + std::exp(-z)); }'],
      // A typedef of a struct pointer.
      ['typedef struct node *real;', 'double f(double z) { return real(1) / (real(1) + std::exp(-z)); }'],
      // The alias converts 2, not 1.
      ['using real = double;', 'double f(double z) { return real(2) / (real(2) + std::exp(-z)); }'],
    ];
    for (const lines of silent) {
      const text = ['#include <cmath>', ...lines].join('\n');
      assert.deepEqual(findingsOf(text, 'cpp'), [], text);
      assert.deepEqual(analyze(text, 'cpp').uses.filter((u) => u.activation === 'sigmoid'), [], text);
    }
  });
});

describe('C/C++: softplus, tanh and the power form read their constants through conversions (T(1), T(-2), static_cast<T>(1))', () => {
  it('finds log(T(1) + exp(x)) and log(exp(x) + N(1)) with every spelling of the converted one, without a fix', () => {
    for (const one of ['T(1)', 'T{1}', 'static_cast<T>(1)', '(T)1', 'double(1)', 'real(1)', 'static_cast<double>(1.0)']) {
      for (const sum of [`${one} + std::exp(v)`, `std::exp(v) + ${one}`]) {
        const text = ['#include <cmath>', 'using real = double;', 'template <typename T>', `T soft(T v) { return std::log(${sum}); }`].join('\n');
        assert.deepEqual(findingsOf(text, 'cpp'), [`unstable-softplus std::log(${sum})`], sum);
        assert.deepEqual(usesOf(text, 'cpp'), [`softplus:call std::log(${sum})`], sum);
        assert.equal(fixOf(text, 'cpp', `std::log(${sum})`), undefined, sum);
      }
    }
    // The plain form keeps its fix.
    assert.ok(fixOf('#include <cmath>\ndouble soft(double v) { return std::log(1.0 + std::exp(v)); }', 'cpp', 'std::log(1.0 + std::exp(v))'));
  });

  it('finds the tanh forms with a converted one and a converted -2 or 2, in either place, without a fix', () => {
    const forms = [
      '(T(1) - std::exp(T(-2) * x)) / (T(1) + std::exp(T(-2) * x))',
      '(T(1) - std::exp(-2 * x)) / (T(1) + std::exp(-2 * x))',
      '(1.0 - std::exp(x * T(-2))) / (1.0 + std::exp(x * T(-2)))',
      '(T(1) - std::exp(-T(2) * x)) / (std::exp(-T(2) * x) + T(1))',
      '(std::exp(T(2) * x) - T(1)) / (std::exp(T(2) * x) + T(1))',
      '(std::exp(2 * x) - static_cast<T>(1)) / (static_cast<T>(1) + std::exp(2 * x))',
    ];
    for (const form of forms) {
      const text = ['#include <cmath>', 'template <typename T>', `T th(T x) { return ${form}; }`].join('\n');
      assert.deepEqual(findingsOf(text, 'cpp'), [`unstable-tanh ${form}`], form);
      assert.deepEqual(usesOf(text, 'cpp'), [`tanh:call ${form}`], form);
      assert.equal(fixOf(text, 'cpp', form), undefined, form);
    }
    // The plain forms keep their fix.
    const plain = '(1.0 - std::exp(-2.0 * x)) / (1.0 + std::exp(-2.0 * x))';
    assert.deepEqual(fixOf(`#include <cmath>\ndouble th(double x) { return ${plain}; }`, 'cpp', plain), ['std::tanh(x)']);
  });

  it('finds std::pow(T(1) + std::exp(-x), -1) as a sigmoid without a fix', () => {
    const text = ['#include <cmath>', 'template <typename T>', 'T sg(T x) { return std::pow(T(1) + std::exp(-x), -1); }'].join('\n');
    assert.deepEqual(findingsOf(text, 'cpp'), ['unstable-sigmoid std::pow(T(1) + std::exp(-x), -1)']);
    assert.equal(fixOf(text, 'cpp', 'std::pow(T(1) + std::exp(-x), -1)'), undefined);
  });

  it('constants that are not the form\'s stay silent: T(2) as the one, T(-3) as the doubled exponent, a call of a function', () => {
    const silent = [
      'T a(T v) { return std::log(T(2) + std::exp(v)); }',
      'T b(T x) { return (T(1) - std::exp(T(-3) * x)) / (T(1) + std::exp(T(-3) * x)); }',
      'T c(T x) { return (T(1) - std::exp(T(-2) * x)) / (T(1) + std::exp(T(2) * x)); }',
      'T d(T v) { return std::log(unit(1) + std::exp(v)); }',
      'T e(T x) { return (unit(1) - std::exp(-2 * x)) / (unit(1) + std::exp(-2 * x)); }',
    ];
    for (const line of silent) {
      const text = ['#include <cmath>', 'T unit(int k);', 'template <typename T>', line].join('\n');
      assert.deepEqual(findingsOf(text, 'cpp'), [], line);
    }
  });

  it('in C, whose conversions are casts only, (double)1 is the one of softplus and tanh', () => {
    const text = [
      '#include <math.h>',
      'double sp(double v) { return log((double)1 + exp(v)); }',
      'double th(double x) { return ((double)1 - exp(-2 * x)) / ((double)1 + exp(-2 * x)); }',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'c'), [
      'unstable-softplus log((double)1 + exp(v))',
      'unstable-tanh ((double)1 - exp(-2 * x)) / ((double)1 + exp(-2 * x))',
    ]);
  });
});

describe('C/C++: a softmax loop over members of indexed elements (c[i].p = expf(c[i].logit); sum += c[i].p; c[i].p /= sum)', () => {
  const header = [
    '#include <math.h>',
    'typedef struct { float logit; float p; struct { float z; } f; } tok;',
    'typedef struct { tok *data; int size; } tok_array;',
  ];
  const loop = (store: string, arg: string, summed: string, n = 'n'): string =>
    `float s = 0; for (int i = 0; i < ${n}; ++i) { ${store} = expf(${arg}); s += ${summed}; } for (int i = 0; i < ${n}; ++i) ${store} /= s;`;

  it('finds the exps through ., -> and nested members, also of a member collection, without a fix', () => {
    const cases = [
      ['void a(tok *c, int n) {', 'c[i].p', 'c[i].logit', 'c[i].p'],
      ['void a(tok **c, int n) {', 'c[i]->p', 'c[i]->logit', 'c[i]->p'],
      ['void a(tok *c, int n) {', 'c[i].f.z', 'c[i].f.z', 'c[i].f.z'],
      ['void a(tok_array *cur, int n) {', 'cur->data[i].p', 'cur->data[i].logit', 'cur->data[i].p'],
      // Scaled by a temperature: any argument the loop stores into the summed member.
      ['void a(tok *c, int n, float t) {', 'c[i].p', 'c[i].logit / t', 'c[i].p'],
    ];
    for (const [signature, store, arg, summed] of cases) {
      const text = [...header, signature!, loop(store!, arg!, summed!), '}'].join('\n');
      assert.deepEqual(findingsOf(text, 'c'), [`unstable-softmax expf(${arg})`], text);
      assert.deepEqual(usesOf(text, 'c'), [`softmax:call expf(${arg})`], text);
      assert.equal(fixOf(text, 'c', `expf(${arg})`), undefined, text);
    }
  });

  it('stays silent when the maximum is subtracted first, when nothing sums the stored member, and without a division', () => {
    const silent = [
      // The largest logit subtracted (a running maximum, or the first element of a sorted list).
      ['void a(tok *c, int n) {', 'float m = c[0].logit; for (int i = 1; i < n; ++i) m = fmaxf(m, c[i].logit);', loop('c[i].p', 'c[i].logit - m', 'c[i].p'), '}'],
      ['void a(tok *c, int n) {', loop('c[i].p', 'c[i].logit - c[0].logit', 'c[i].p'), '}'],
      // The exps stored, but another member summed; nothing divided.
      ['void a(tok *c, int n) {', 'float s = 0; for (int i = 0; i < n; ++i) { c[i].p = expf(c[i].logit); s += c[i].logit; }', '}'],
      ['void a(tok *c, int n) {', 'for (int i = 0; i < n; ++i) { c[i].p = expf(c[i].logit); }', '}'],
      // A member of a plain struct, not of an indexed element: one value, no softmax.
      ['void a(tok *c, tok t) {', 'float s = 0; t.p = expf(t.logit); s += t.p; t.p /= s;', '}'],
    ];
    for (const lines of silent) {
      const text = [...header, ...lines].join('\n');
      assert.deepEqual(findingsOf(text, 'c'), [], text);
      assert.deepEqual(usesOf(text, 'c'), [], text);
    }
  });
});

describe('C/C++ (and Java case labels): bare members of a selector enum the file declares (case LOGISTIC:, a == SIGMOID)', () => {
  const uses = (text: string, language: 'c' | 'cpp' | 'java' | 'csharp'): string[] =>
    analyze(text, language).uses.filter((u) => u.kind === 'reference').map((u) => `${u.activation}:${u.qualifiedName} ${text.slice(u.span.start, u.span.end)}`);

  it('reads an unscoped enumerator where it selects: case labels, comparisons, assignments, returns, arguments, tables, conditionals', () => {
    const text = [
      'enum act_kind { ACT_NONE, SIGMOID, HYPERBOLIC_TANGENT, RELU, LEAKY, HARDTAN, LINEAR };',
      'typedef struct { enum act_kind kind; float (*f)(float); } act_entry;',
      'float relu_f(float), sig_f(float);',
      'static const act_entry table[] = { {RELU, relu_f}, {SIGMOID, sig_f} };',
      'void set_kind(int layer, enum act_kind k);',
      'float run(float x, enum act_kind a, int deep) {',
      '    enum act_kind k = RELU;',
      '    if (a == SIGMOID || HYPERBOLIC_TANGENT != a) k = deep ? LEAKY : HARDTAN;',
      '    set_kind(3, LINEAR);',
      '    switch (a) { case RELU: return x; default: break; }',
      '    return x;',
      '}',
      'enum act_kind pick(void) { return SIGMOID; }',
    ].join('\n');
    assert.deepEqual(uses(text, 'c'), [
      'relu:act_kind.RELU RELU', 'sigmoid:act_kind.SIGMOID SIGMOID',
      'relu:act_kind.RELU RELU',
      'sigmoid:act_kind.SIGMOID SIGMOID', 'tanh:act_kind.HYPERBOLIC_TANGENT HYPERBOLIC_TANGENT', 'leaky_relu:act_kind.LEAKY LEAKY', 'hard_tanh:act_kind.HARDTAN HARDTAN',
      'linear:act_kind.LINEAR LINEAR',
      'relu:act_kind.RELU RELU',
      'sigmoid:act_kind.SIGMOID SIGMOID',
    ]);
  });

  it('names the members of a typedef\'d anonymous enum after the typedef, and of a C++ unscoped enum inside a class', () => {
    const c = ['typedef enum { LOGISTIC, RELU, TANH } ACTIVATION;', 'float g(float x, ACTIVATION a) { if (a == TANH) return x; return x; }'].join('\n');
    assert.deepEqual(uses(c, 'c'), ['tanh:ACTIVATION.TANH TANH']);
    const cpp = [
      'class Layer {',
      ' public:',
      '  enum Kind { Sigmoid, Tanh, Relu };',
      '  explicit Layer(Kind k) : kind_(k) {}',
      '  double apply(double x) const { switch (kind_) { case Sigmoid: return x; case Layer::Tanh: return x; default: return x; } }',
      ' private:',
      '  Kind kind_ = Relu;',
      '};',
    ].join('\n');
    assert.deepEqual(uses(cpp, 'cpp'), ['sigmoid:Kind.Sigmoid Sigmoid', 'tanh:Layer.Tanh Layer::Tanh', 'relu:Kind.Relu Relu']);
  });

  it('the short member names (LEAKY, HARDTAN) are also read through the enum\'s name, and only as members', () => {
    const text = ['enum class Act { Relu, Leaky, Sigmoid };', 'Act a = Act::Leaky;', 'double leaky(double v) { return v; }', 'double y = leaky(2.0);'].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), ['leaky_relu:reference Act::Leaky']);
  });

  it('stays silent for the declaration, scoped members, enums that list fewer than two activations, and non-selecting uses', () => {
    const silent = [
      // The declaration itself.
      ['enum act { SIGMOID, TANH, RELU };'],
      // A scoped enum's members are no bare names: this SIGMOID is another constant.
      ['enum class Act { SIGMOID, TANH, RELU };', 'const int SIGMOID = 3;', 'int f(int a) { return a == SIGMOID; }'],
      // One activation only (LINEAR and STEP name much else): interpolation modes, a one-activation enum.
      ['enum interp { LINEAR, CUBIC, STEP };', 'int f(int m) { switch (m) { case LINEAR: return 1; case STEP: return 2; } return 0; }'],
      ['enum mode { SIGMOID, OTHER };', 'int f(int m) { return m == SIGMOID; }'],
      // Walking or counting the kinds, indexing a table by them, arithmetic.
      ['enum act { LOGISTIC, RELU, TANH, LEAKY };', 'int names[LEAKY + 1];', 'void f(void) { for (int a = LOGISTIC; a <= LEAKY; ++a) names[a] = 0; names[RELU] = 1; }'],
      // Members of something else, a call, a string, a comment.
      ['enum act { LOGISTIC, RELU, TANH };', 'struct cfg { int RELU; };', 'int f(struct cfg c, struct cfg *p) { return c.RELU + p->RELU; }',
        'const char *s = "RELU"; /* case RELU: */'],
    ];
    for (const lines of silent) {
      const text = lines.join('\n');
      assert.deepEqual(uses(text, 'cpp'), [], text);
    }
  });

  it('Java reads bare case labels over its enum (the only place Java writes them bare); C# never writes them bare', () => {
    const java = [
      'class Net {',
      '  enum Act { SIGMOID, TANH, RELU }',
      '  double f(Act a, double x) {',
      '    switch (a) { case SIGMOID: return x; case TANH: return -x; default: return 0; }',
      '  }',
      '  double g(Act a, double x) { return switch (a) { case RELU -> x; default -> 0; }; }',
      '  static final int SIGMOID_ID = 1;',
      '  boolean h(Act a) { return a == Act.TANH; }',
      '}',
    ].join('\n');
    assert.deepEqual(uses(java, 'java'), ['sigmoid:Act.SIGMOID SIGMOID', 'tanh:Act.TANH TANH', 'relu:Act.RELU RELU', 'tanh:Act.TANH Act.TANH']);
    const cs = ['class Net {', '  enum Act { Sigmoid, Tanh }', '  const int Sigmoid2 = 1;', '  bool h(Act a) { return a == Act.Tanh; }', '}'].join('\n');
    assert.deepEqual(uses(cs, 'csharp'), ['tanh:Act.Tanh Act.Tanh']);
  });
});
