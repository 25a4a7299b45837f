"""A small PyTorch classifier: the activations as modules, as functions and as tensor methods.

Hover any of them for the graph of f and f', the defaults PyTorch uses, and the values at a literal.
Run: python3 pytorch_model.py   (needs torch)
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class MultiLabelTagger(nn.Module):
    """Tags an image feature vector with independent labels (car, pedestrian, traffic light):
    one sigmoid per output, as the glossary article describes for multi-label classification."""

    def __init__(self, n_in=32, n_hidden=64, n_labels=3):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(n_in, n_hidden),
            nn.GELU(),
            nn.Linear(n_hidden, n_hidden),
            nn.LeakyReLU(negative_slope=0.1),
            nn.Linear(n_hidden, n_hidden),
            nn.SiLU(),
        )
        self.head = nn.Linear(n_hidden, n_labels)

    def forward(self, x):
        return self.head(self.body(x))  # logits: BCEWithLogitsLoss applies the sigmoid stably

    def predict(self, x):
        return torch.sigmoid(self.forward(x))


class DigitClassifier(nn.Module):
    """One distribution over ten digits (MNIST): softmax, whose outputs sum to 1."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        h = F.relu(self.fc1(x.flatten(1)))
        return F.log_softmax(self.fc2(h), dim=1)


if __name__ == "__main__":
    torch.manual_seed(0)
    tagger = MultiLabelTagger()
    print("labels:", tagger.predict(torch.randn(2, 32)))
    print("sigmoid(2.0) =", torch.sigmoid(torch.tensor(2.0)).item())
    print("leaky_relu(-1) =", F.leaky_relu(torch.tensor(-1.0)).item())
    print("tanh(0.5) =", torch.tanh(torch.tensor(0.5)).item())
    digits = DigitClassifier()
    print("digit probabilities sum to", digits(torch.randn(1, 28, 28)).exp().sum().item())
    loss = nn.BCEWithLogitsLoss()(tagger(torch.randn(4, 32)), torch.ones(4, 3))
    print("loss:", loss.item())
