"""Layers and models: Module and Parameter, feed-forward layers, recurrent cells and sequence
layers. The names follow PyTorch's torch.nn, so moving on later is easy."""
from . import init
from .cells import GRUCell, LSTMCell, RecurrentCell, RNNCell
from .layers import Dropout, Embedding, Linear, ReLU, Sequential, Sigmoid, Tanh
from .module import Module, Parameter
from .recurrent import GRU, LSTM, RNN, RecurrentLayer, detach_state

__all__ = ["Dropout", "Embedding", "GRU", "GRUCell", "LSTM", "LSTMCell", "Linear", "Module",
           "Parameter", "RNN", "RNNCell", "RecurrentCell", "RecurrentLayer", "ReLU", "Sequential",
           "Sigmoid", "Tanh", "detach_state", "init"]
