# Fixture for the extension-host and browser tests: one of each common way to name an activation.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def sigmoid(x):
    # The seed articles' hand-written sigmoid: overflows in exp for large negative x.
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def step_function(x):
    return np.array(x > 0, dtype=np.int64)


y = torch.sigmoid(torch.tensor(2.0))
z = F.relu(torch.tensor([-1.0, 0.0, 1.0]))
act = nn.GELU()
print(sigmoid(-40), relu(3.0), step_function(np.array([-1.0, 1.0])), y, z, act)
