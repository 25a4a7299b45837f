"""Numerically unstable hand-written activations next to their stable forms (the Korean seed article).

The naive forms below are what Activation Lens flags; the stable ones are what its quick fixes write.
Run: python3 stable_forms.py   (needs numpy)
"""
import numpy as np


def sigmoid_naive(x):
    # exp(-x) overflows to inf for x < -709 (float64) or x < -88.7 (float32).
    return 1 / (1 + np.exp(-x))


def sigmoid_split_by_sign(x):
    # x >= 0: 1 / (1 + exp(-x));  x < 0: exp(x) / (1 + exp(x)). No exp ever sees a large positive argument.
    x = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    ex = np.exp(x[~pos])
    out[~pos] = ex / (1 + ex)
    return out


def sigmoid_logaddexp(x):
    # sigmoid(x) = exp(-log(1 + exp(-x))) = exp(-logaddexp(0, -x)).
    return np.exp(-np.logaddexp(0.0, -x))


def softplus_naive(x):
    # log(1 + exp(x)) overflows for x > 709 and loses everything below 1e-16 for very negative x.
    return np.log(1 + np.exp(x))


def softplus_stable(x):
    return np.logaddexp(0.0, x)


def softmax_naive(z):
    e = np.exp(z)
    return e / e.sum()


def softmax_stable(z):
    # Subtracting the max leaves softmax unchanged and keeps every exp at most 1.
    e = np.exp(z - np.max(z))
    return e / e.sum()


if __name__ == "__main__":
    x = np.array([-1000.0, -40.0, 0.0, 2.0, 40.0])
    with np.errstate(over="ignore", invalid="ignore"):
        print("naive sigmoid     ", sigmoid_naive(x))
        print("naive softplus    ", softplus_naive(np.array([1000.0])))
        print("naive softmax     ", softmax_naive(np.array([1000.0, 0.0])))
    print("split by sign     ", sigmoid_split_by_sign(x))
    print("logaddexp         ", sigmoid_logaddexp(x))
    print("stable softplus   ", softplus_stable(np.array([1000.0])))
    print("stable softmax    ", softmax_stable(np.array([1000.0, 0.0])))
