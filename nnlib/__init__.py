"""nnlib: the tiny neural-network library of the course "backpropagation from scratch in NumPy".

Read one training step in this order:
  train.py        train(): epochs of mini-batches; calls net._backprop, then optimizer.step
  network.py      MLP._backprop: forward_layers, the output delta, backward_layers
  losses.py       loss_and_output_delta: the loss and dloss/dZ of the output layer (cross_entropy too)
  activations.py  f(Z) and f'(Z, A) for sigmoid, tanh, relu, identity; softmax for a multi-class output
  optim.py        SGD.step: params -= lr * grads, with the 1986 momentum rule
then oldschool.py (one number at a time, as in 1986) and gradcheck.py. NumPy only too: datasets,
batched (many nets at once). Plotting and widgets: `from nnlib import plotting, widgets`.
"""
from . import batched, datasets
from .activations import ACTIVATIONS
from .datasets import train_test_split
from .gradcheck import gradient_check, numerical_grads
from .losses import LOSSES
from .network import MLP
from .oldschool import OldschoolMLP
from .optim import SGD
from .train import Diverged, accuracy, train

__all__ = ["ACTIVATIONS", "LOSSES", "MLP", "OldschoolMLP", "SGD", "Diverged", "accuracy", "train",
           "gradient_check", "numerical_grads", "batched", "datasets", "train_test_split"]
