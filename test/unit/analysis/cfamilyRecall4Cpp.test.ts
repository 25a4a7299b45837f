// C and C++ shapes the fourth held-out set (test/fixtures/cpp/heldout4) showed the analyzer missing, one describe per
// class of miss; each has the look-alikes that must stay silent next to the shapes that must be found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, usesOf, findingsOf, fixOf } from './analysisProbe';

describe('C++: libtorch through namespace aliases and using-directives', () => {
  it('namespace F = torch::nn::functional makes F::gelu, F::log_softmax the torch functions, under their full name', () => {
    const text = [
      '#include <torch/torch.h>',
      'namespace F = torch::nn::functional;',
      'namespace tnn = torch::nn;',
      'namespace G = F;',
      'torch::Tensor a(torch::Tensor x) { return F::gelu(x) + G::mish(x); }',
      'torch::Tensor b(torch::Tensor x) { return F::log_softmax(x, F::LogSoftmaxFuncOptions(1)); }',
      'auto act = tnn::Hardswish();',
      'auto f = tnn::functional::elu(y);',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), [
      'gelu:call F::gelu', 'mish:call G::mish', 'log_softmax:call F::log_softmax', 'hard_swish:module tnn::Hardswish', 'elu:call tnn::functional::elu',
    ]);
    const r = analyze(text, 'cpp');
    assert.deepEqual(r.uses.map((u) => u.qualifiedName), [
      'torch::nn::functional::gelu', 'torch::nn::functional::mish', 'torch::nn::functional::log_softmax', 'torch::nn::Hardswish', 'torch::nn::functional::elu',
    ]);
    assert.ok(r.uses.every((u) => u.framework === 'torch'));
  });

  it('an alias written across lines or with a comment is read; a namespace block, named or not, is none', () => {
    const text = [
      '#include <torch/torch.h>',
      'namespace net { inline int k = 0; }',
      'namespace {',
      '}',
      'namespace /* the functional API */ F = torch::nn::functional;',
      'namespace tnn',
      '  = torch::nn;',
      'namespace outer::inner { int j = 1; }',
      'torch::Tensor a(torch::Tensor x) { return F::gelu(x); }',
      'auto act = tnn::Hardswish();',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), ['gelu:call F::gelu', 'hard_swish:module tnn::Hardswish']);
    assert.deepEqual(analyze(text, 'cpp').uses.map((u) => u.qualifiedName), ['torch::nn::functional::gelu', 'torch::nn::Hardswish']);
  });

  it('using namespace torch::nn::functional / torch makes the unqualified names the torch ones', () => {
    const text = [
      'using namespace torch::nn::functional;',
      'torch::Tensor a(torch::Tensor x) { return silu(x) + leaky_relu(x); }',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), ['silu:call silu', 'leaky_relu:call leaky_relu']);
    const top = ['using namespace torch;', 'auto p = sigmoid(logits);', 'auto m = nn::ReLU();'].join('\n');
    assert.deepEqual(usesOf(top, 'cpp'), ['sigmoid:call sigmoid', 'relu:module nn::ReLU']);
    // A using-declaration brings in the one name.
    const one = ['using torch::nn::functional::gelu;', 'using Vec = std::vector<float>;', 'auto g = gelu(x);'].join('\n');
    assert.deepEqual(usesOf(one, 'cpp'), ['gelu:call gelu']);
    assert.equal(analyze(one, 'cpp').uses[0]?.qualifiedName, 'torch::nn::functional::gelu');
  });

  it('aliases of other namespaces, a file\'s own function of that name, and alias look-alikes stay silent', () => {
    const silent = [
      // An alias of a namespace that is not torch's.
      ['namespace F = mylib::ops;', 'auto y = F::gelu(x);'],
      // The file's own relu, with a using-directive in force.
      ['using namespace torch::nn::functional;', 'double relu(double v) { return v; }', 'double y = relu(2.0);'],
      // An alias that names nothing known; a using-declaration of an unrelated namespace.
      ['namespace F = torch::nn::functional::detail;', 'auto y = F::silu(x);'],
      ['using namespace cv;', 'auto y = sigmoid(x);'],
    ];
    for (const lines of silent) {
      const text = lines.join('\n');
      // The file's own relu is a definition by its name, and its call a call of it: neither is torch's.
      assert.deepEqual(analyze(text, 'cpp').uses.filter((u) => u.framework === 'torch'), [], text);
    }
  });
});

describe('C/C++: the one written as a conversion (static_cast<T>(1), (T)1, T{1}, float(1))', () => {
  it('finds the sigmoid and the output-value derivative with any spelling of the converted one, without a fix', () => {
    const ones = ['static_cast<T>(1)', 'static_cast<float>(1)', '(T)1', 'T{1}', 'float{1.0}', 'double(1)', 'static_cast<std::float_t>(1.0)'];
    for (const one of ones) {
      const text = [
        '#include <cmath>',
        'template <typename T>',
        `T logistic(T z) { return ${one} / (${one} + std::exp(-z)); }`,
        'template <typename T>',
        `T logistic_slope(T z) { const T s = logistic(z); return s * (${one} - s); }`,
      ].join('\n');
      assert.deepEqual(findingsOf(text, 'cpp'), [
        `unstable-sigmoid ${one} / (${one} + std::exp(-z))`,
        `lossy-sigmoid-derivative s * (${one} - s)`,
      ], one);
      assert.deepEqual(fixOf(text, 'cpp', `${one} / (${one} + std::exp(-z))`), undefined, one);
      assert.ok(usesOf(text, 'cpp').includes('sigmoid:definition logistic'), one);
    }
  });

  it('C: (real)1 of a typedef is a cast too', () => {
    const text = ['#include <math.h>', 'typedef float real;', 'real sig(real z) { return (real)1 / ((real)1 + expf(-z)); }'].join('\n');
    assert.deepEqual(findingsOf(text, 'c'), ['unstable-sigmoid (real)1 / ((real)1 + expf(-z))']);
  });

  it('a converted 2, a struct built from 1 and a call of a function named like a type stay silent', () => {
    const silent = [
      'template <typename T> T f(T z) { return static_cast<T>(2) / (static_cast<T>(1) + std::exp(-z)); }',
      'template <typename T> T f(T s) { return s * (static_cast<T>(2) - s); }',
      'struct Vec { double v; }; double g(double s) { return s * (Vec{1}.v - s); }',
      'double g(double z) { return 1.0 / (scale(1) + std::exp(-z)); }',
    ];
    for (const text of silent) assert.deepEqual(findingsOf(text, 'cpp'), [], text);
  });

  it('a braced literal does not split the statement it is in (the same uses as the whole-text parse)', () => {
    const text = ['namespace n {', 'template <typename T>', 'T relu(T v) { return v < T{0} ? T{0} : v; }', '}'].join('\n');
    assert.deepEqual(usesOf(text, 'cpp'), ['relu:definition relu']);
  });
});

describe('C/C++: dactivate (any case) names the derivative of the activation, as DActivation does', () => {
  it('y * (1 - y) in dactivate / dActivate / d_activate of a file that computes a sigmoid is the output-value derivative', () => {
    for (const name of ['dactivate', 'dActivate', 'DActivate', 'd_activate']) {
      const text = [
        '#include <math.h>',
        'double activate(double net) { return 1.0 / (1.0 + exp(-net)); }',
        `double ${name}(double out) { return out * (1.0 - out); }`,
      ].join('\n');
      assert.deepEqual(findingsOf(text, 'c'), ['unstable-sigmoid 1.0 / (1.0 + exp(-net))', 'lossy-sigmoid-derivative out * (1.0 - out)'], name);
      assert.equal(fixOf(text, 'c', 'out * (1.0 - out)'), undefined, name);
    }
  });

  it('a past tense (activated), or a file that computes no sigmoid, stays silent', () => {
    const silent = [
      ['double activate(double net) { return 1.0 / (1.0 + exp(-net)); }', 'double activated(double y) { return y * (1.0 - y); }'],
      ['double activate(double net) { return net > 0 ? net : 0; }', 'double dactivate(double y) { return y * (1.0 - y); }'],
    ];
    for (const lines of silent) {
      const text = lines.join('\n');
      assert.deepEqual(findingsOf(text, 'c').filter((f) => f.startsWith('lossy')), [], text);
    }
  });
});

describe('C/C++: tanh written (1 - exp(-2x)) / (1 + exp(-2x))', () => {
  it('is a tanh use with unstable-tanh (NaN for large negative x), fixed to the file\'s tanh of x', () => {
    const text = [
      '#include <math.h>',
      'void th(const double *x, double *y, int n) { for (int i = 0; i < n; i++) y[i] = (1.0 - exp(-2.0 * x[i])) / (1.0 + exp(-2.0 * x[i])); }',
      'float thf(float v) { return (1.0f - expf(-(2.0f * v))) / (expf(-(2.0f * v)) + 1.0f); }',
      'double thk(double v, double k) { return (1 - exp(v * -2)) / (1 + exp(v * -2)); }',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'c'), [
      'unstable-tanh (1.0 - exp(-2.0 * x[i])) / (1.0 + exp(-2.0 * x[i]))',
      'unstable-tanh (1.0f - expf(-(2.0f * v))) / (expf(-(2.0f * v)) + 1.0f)',
      'unstable-tanh (1 - exp(v * -2)) / (1 + exp(v * -2))',
    ]);
    assert.deepEqual(fixOf(text, 'c', '(1.0 - exp(-2.0 * x[i])) / (1.0 + exp(-2.0 * x[i]))'), ['tanh(x[i])']);
    assert.deepEqual(fixOf(text, 'c', '(1.0f - expf(-(2.0f * v))) / (expf(-(2.0f * v)) + 1.0f)'), ['tanhf(v)']);
    const r = analyze(text, 'c');
    assert.match(r.findings[0]!.message, /x\[i\] < -354\.8/);
  });

  it('other exponents and other numerators stay silent (a sigmoid-like ratio, -x not -2x, a mismatched denominator)', () => {
    const silent = [
      'double f(double v) { return (1.0 - exp(-v)) / (1.0 + exp(-v)); }',
      'double f(double v) { return (1.0 - exp(-2.0 * v)) / (1.0 + exp(2.0 * v)); }',
      'double f(double v) { return (2.0 - exp(-2.0 * v)) / (1.0 + exp(-2.0 * v)); }',
      'double f(double v) { return (1.0 - exp(-3.0 * v)) / (1.0 + exp(-3.0 * v)); }',
    ];
    for (const text of silent) assert.deepEqual(findingsOf(text, 'c'), [], text);
  });
});

describe('C-family: the name as written of a form spanning lines is its code, without comments', () => {
  it('drops // and /* */ comments and collapses whitespace in every C-family language', () => {
    const cases: Array<[Parameters<typeof analyze>[1], string]> = [
      ['cpp', 'double f(double v) {\n  return std::log(1.0 + // the tail\n    std::exp(v)); /* done */\n}'],
      ['c', 'double f(double v) {\n  return log(1.0 + /* the tail */\n    exp(v));\n}'],
      ['javascript', 'function f(v) {\n  return Math.log(1 + // the tail\n    Math.exp(v));\n}'],
      ['java', 'class A { double f(double v) {\n  return Math.log(1 + // the tail\n    Math.exp(v));\n} }'],
      ['csharp', 'class A { double F(double v) {\n  return Math.Log(1 + /* the\n tail */ Math.Exp(v));\n} }'],
    ];
    for (const [language, text] of cases) {
      const form = analyze(text, language).uses.find((u) => u.activation === 'softplus');
      assert.ok(form, language);
      assert.doesNotMatch(form.name, /tail|\/\/|\/\*|\n/, language);
      assert.match(form.name, /^Math\.[lL]og\(1 \+ Math\.[eE]xp\(v\)\)$|^(std::)?log\(1\.0 \+ (std::)?exp\(v\)\)$/, `${language}: ${form.name}`);
    }
  });

  it('leaves the name of a form without comments as written, with a // string after it', () => {
    const text = 'double f(double v) { return std::log(1.0 + std::exp(v)) + g("a//b"); }';
    const u = analyze(text, 'cpp').uses.find((x) => x.activation === 'softplus');
    assert.equal(u?.name, 'std::log(1.0 + std::exp(v))');
  });
});

describe('C++: a variable initialised with a lambda defines a function of that name', () => {
  it('auto / const auto / std::function variables holding a lambda are definitions, their calls uses', () => {
    const text = [
      '#include <cmath>',
      '#include <functional>',
      'inline constexpr auto softplus = [](std::floating_point auto v) { return std::log1p(std::exp(v)); };',
      'static const auto relu = [&](double v) noexcept -> double { return v > 0 ? v : 0; };',
      'const std::function<double(double)> sigmoid = [](double z) { return 1.0 / (1.0 + std::exp(-z)); };',
      'auto gelu = [](float x) mutable { return x; };',
      'double y = softplus(2.0) + relu(1.0);',
    ].join('\n');
    const uses = usesOf(text, 'cpp');
    for (const u of ['softplus:definition softplus', 'relu:definition relu', 'sigmoid:definition sigmoid', 'gelu:definition gelu', 'softplus:call softplus', 'relu:call relu']) {
      assert.ok(uses.includes(u), `${u} in ${uses.join(' | ')}`);
    }
  });

  it('an assignment to an existing variable, a lambda passed as an argument, and a capture list in an array stay no definitions', () => {
    const text = [
      '#include <cmath>',
      'void f(std::function<double(double)>& softplus, std::vector<double> v) {',
      '  softplus = [](double z) { return z; };',
      '  std::transform(v.begin(), v.end(), v.begin(), [](double z) { return z; });',
      '  int relu[] = {1, 2};',
      '}',
    ].join('\n');
    assert.deepEqual(usesOf(text, 'cpp').filter((u) => u.includes(':definition ')), []);
  });
});

describe('C++: softmax and log-sum-exp through STL algorithms, ranges and iterators', () => {
  it('std::transform / views::transform exps summed by std::accumulate and divided: unstable-softmax, without a fix', () => {
    const text = [
      '#include <algorithm>',
      '#include <cmath>',
      '#include <numeric>',
      '#include <ranges>',
      'std::vector<float> probs(const std::vector<float>& z) {',
      '  std::vector<float> e(z.size());',
      '  std::transform(z.cbegin(), z.cend(), e.begin(), [&](const float logit) noexcept { return std::exp(logit); });',
      '  const float total = std::reduce(e.begin(), e.end(), 0.0f);',
      '  for (auto& v : e) v /= total;',
      '  return e;',
      '}',
      'std::vector<double> probs2(std::span<const double> z) {',
      '  auto ex = z | std::views::transform([](double v) -> double { return exp(v); });',
      '  const double s = std::accumulate(ex.begin(), ex.end(), 0.0);',
      '  std::vector<double> p;',
      '  for (double e : ex) p.push_back(e / s);',
      '  return p;',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'cpp'), ['unstable-softmax std::exp(logit)', 'unstable-softmax exp(v)']);
    assert.equal(fixOf(text, 'cpp', 'std::exp(logit)'), undefined);
    assert.equal(fixOf(text, 'cpp', 'exp(v)'), undefined);
    assert.deepEqual(usesOf(text, 'cpp'), ['softmax:call std::exp(logit)', 'softmax:call exp(v)']);
  });

  it('log(std::transform_reduce(..., lambda exp)) is an unstable log-sum-exp, without a fix', () => {
    const text = [
      '#include <cmath>',
      '#include <numeric>',
      'double lse(const std::vector<double>& z) {',
      '  return std::log(std::transform_reduce(z.begin(), z.end(), 0.0, std::plus<double>(), [](double v) { return std::exp(v); }));',
      '}',
    ].join('\n');
    const source = 'std::log(std::transform_reduce(z.begin(), z.end(), 0.0, std::plus<double>(), [](double v) { return std::exp(v); }))';
    assert.deepEqual(findingsOf(text, 'cpp'), [`unstable-logsumexp ${source}`]);
    assert.equal(fixOf(text, 'cpp', source), undefined);
  });

  it('an iterator loop storing exp(*it) into *it, summed and divided, is an unstable softmax, without a fix', () => {
    const text = [
      '#include <cmath>',
      'void normalise(std::vector<double>& y) {',
      '  double z = 0.0;',
      '  for (auto it = y.begin(); it != y.end(); ++it) { *it = std::exp(*it * 0.5); z += *it; }',
      '  for (auto it = y.begin(); it != y.end(); ++it) *it /= z;',
      '}',
      'void normalise_ptr(double* p, double* end) {',
      '  double z = 0.0;',
      '  for (double* q = p; q != end; ++q) {',
      '    *q = exp(*q);',
      '    z += *q;',
      '  }',
      '  for (double* q = p; q != end; ++q) *q /= z;',
      '}',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'cpp'), ['unstable-softmax std::exp(*it * 0.5)', 'unstable-softmax exp(*q)']);
    assert.equal(fixOf(text, 'cpp', 'exp(*q)'), undefined);
  });

  it('the maximum subtracted inside the lambda or before the loop, a sum that is not divided, and an unsummed store stay silent', () => {
    const silent = [
      [
        'std::vector<double> p(std::span<const double> z) {',
        '  const double top = std::ranges::max(z);',
        '  auto ex = z | std::views::transform([top](double v) { return std::exp(v - top); });',
        '  const double s = std::accumulate(ex.begin(), ex.end(), 0.0);',
        '  std::vector<double> out; for (double e : ex) out.push_back(e / s); return out;',
        '}',
      ],
      [
        'double m(const std::vector<double>& z) {',
        '  std::vector<double> e(z.size());',
        '  std::transform(z.begin(), z.end(), e.begin(), [](double v) { return std::exp(v); });',
        '  return std::accumulate(e.begin(), e.end(), 0.0);',
        '}',
      ],
      [
        'void f(std::vector<double>& y, double k) {',
        '  for (auto it = y.begin(); it != y.end(); ++it) { *it = std::exp(-*it / k); }',
        '  for (auto it = y.begin(); it != y.end(); ++it) *it /= k;',
        '}',
      ],
      [
        'double lse(const std::vector<double>& z) {',
        '  const double m = *std::max_element(z.begin(), z.end());',
        '  return m + std::log(std::transform_reduce(z.begin(), z.end(), 0.0, std::plus<>(), [m](double v) { return std::exp(v - m); }));',
        '}',
      ],
    ];
    for (const lines of silent) {
      const text = ['#include <cmath>', ...lines].join('\n');
      assert.deepEqual(findingsOf(text, 'cpp'), [], text);
    }
  });
});
