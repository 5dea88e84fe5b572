"""nnlib: the tiny neural-network library of the course "backpropagation from scratch in NumPy".

Core: activations, losses, MLP, OldschoolMLP, SGD, train, gradient_check. Also NumPy only: datasets
and batched (many nets at once). Plotting and widgets import matplotlib and ipywidgets:
`from nnlib import plotting, widgets`.
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
