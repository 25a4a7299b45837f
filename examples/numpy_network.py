"""A tiny neural network from scratch with numpy, the way the seed articles build one.

Step, sigmoid and ReLU written by hand, plotted over np.arange(-5, 5, 0.1), then used in a two-layer
network trained on XOR with plain gradient descent. Hover the activations to see their graphs and
derivatives; the hand-written sigmoid is flagged as unstable, with a quick fix.

Run: python3 numpy_network.py   (needs numpy; matplotlib only for --plot)
"""
import sys

import numpy as np


def step_function(x):
    # 1 where x > 0, else 0: the perceptron's activation; its derivative is 0 almost everywhere.
    return np.array(x > 0, dtype=np.int64)


def sigmoid(x):
    # Overflows in np.exp for large negative x (RuntimeWarning: overflow encountered in exp).
    return 1 / (1 + np.exp(-x))


def sigmoid_grad_from_output(y):
    # f'(x) = (1 - f(x)) f(x), written on the output value as in the C# article.
    return (1.0 - y) * y


def relu(x):
    return np.maximum(0, x)


def relu_grad(x):
    return np.array(x > 0, dtype=np.float64)


class TwoLayerNet:
    """input → ReLU hidden layer → sigmoid output, trained with binary cross-entropy."""

    def __init__(self, n_in, n_hidden, seed=0):
        rng = np.random.default_rng(seed)
        self.w1 = rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_hidden))
        self.b1 = np.zeros(n_hidden)
        self.w2 = rng.normal(0.0, np.sqrt(1.0 / n_hidden), (n_hidden, 1))
        self.b2 = np.zeros(1)

    def forward(self, x):
        self.x = x
        self.z1 = x @ self.w1 + self.b1
        self.h = relu(self.z1)
        self.z2 = self.h @ self.w2 + self.b2
        self.y = sigmoid(self.z2)
        return self.y

    def backward(self, t, lr):
        n = len(t)
        # For sigmoid + binary cross-entropy the output gradient simplifies to y - t.
        d2 = (self.y - t) / n
        d1 = (d2 @ self.w2.T) * relu_grad(self.z1)
        self.w2 -= lr * self.h.T @ d2
        self.b2 -= lr * d2.sum(axis=0)
        self.w1 -= lr * self.x.T @ d1
        self.b1 -= lr * d1.sum(axis=0)


def train_xor(epochs=2000, lr=0.5):
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    t = np.array([[0], [1], [1], [0]], dtype=np.float64)
    net = TwoLayerNet(2, 8)
    for _ in range(epochs):
        net.forward(x)
        net.backward(t, lr)
    return net.forward(x)


def plot():
    import matplotlib.pyplot as plt

    x = np.arange(-5, 5, 0.1)
    for f, label in ((step_function, "step"), (sigmoid, "sigmoid"), (relu, "ReLU")):
        plt.plot(x, f(x), label=label)
    plt.plot(x, sigmoid_grad_from_output(sigmoid(x)), linestyle="--", label="sigmoid'")
    plt.ylim(-0.1, 1.1)
    plt.legend()
    plt.show()


if __name__ == "__main__":
    print("sigmoid(0) =", sigmoid(0.0), " max slope =", sigmoid_grad_from_output(sigmoid(0.0)))
    print("XOR after training:", train_xor().round(3).ravel())
    print("sigmoid(-1000) =", sigmoid(-1000.0))  # RuntimeWarning: overflow encountered in exp
    if "--plot" in sys.argv:
        plot()
