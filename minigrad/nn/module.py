"""Module: the base of every layer. It finds its parameters by looking at its attributes, so a
model is written as plain Python: assign layers and Parameters, write forward()."""
import numpy as np

from ..backend import get_backend
from ..errors import ShapeError
from ..tensor import Tensor, _as_array


class Parameter(Tensor):
    """A tensor that a Module learns: a leaf that requires grad, found by Module.parameters()."""

    __slots__ = ()

    def __init__(self, data, dtype=None, device=None):
        super().__init__(data, requires_grad=True, dtype=dtype, device=device)


class Module:
    """Base class for layers and models.

    Parameters are discovered in attributes: Parameters, Modules, and lists, tuples or dicts of
    them. `training` is switched by train()/eval() (Dropout reads it).
    """

    training = True

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} has no forward() method yet; define "
                                  f"forward(self, ...) to say what the module computes.")

    # ----- finding parameters -------------------------------------------------------------
    def _named_members(self):
        """(name, value) for each Parameter or Module held directly, lists and dicts unpacked."""
        for name, value in vars(self).items():
            if isinstance(value, (list, tuple)):
                yield from ((f"{name}.{i}", item) for i, item in enumerate(value))
            elif isinstance(value, dict):
                yield from ((f"{name}.{key}", item) for key, item in value.items())
            else:
                yield name, value

    def named_children(self):
        return [(name, value) for name, value in self._named_members() if isinstance(value, Module)]

    def modules(self):
        """This module and every module inside it, depth first."""
        found = [self]
        for _, child in self.named_children():
            found.extend(child.modules())
        return found

    def named_parameters(self, prefix=""):
        """(dotted name, Parameter) for every parameter, each shared parameter listed once."""
        seen, named = set(), []
        for name, value in self._named_members():
            if isinstance(value, Parameter):
                candidates = [(prefix + name, value)]
            elif isinstance(value, Module):
                candidates = value.named_parameters(prefix=f"{prefix}{name}.")
            else:
                continue
            for full_name, parameter in candidates:
                if id(parameter) not in seen:
                    seen.add(id(parameter))
                    named.append((full_name, parameter))
        return named

    def parameters(self):
        return [parameter for _, parameter in self.named_parameters()]

    def num_parameters(self):
        """How many numbers the module learns."""
        return sum(parameter.size for parameter in self.parameters())

    def zero_grad(self):
        for parameter in self.parameters():
            parameter.grad = None

    def train(self, mode=True):
        for module in self.modules():
            module.training = mode
        return self

    def eval(self):
        return self.train(False)

    # ----- devices and dtypes -------------------------------------------------------------
    def to(self, device=None, dtype=None):
        """Move every parameter to `device` and/or convert it to `dtype`, in place; returns self."""
        backend = get_backend(device) if device is not None else None
        for parameter in self.parameters():
            target = backend or parameter._backend
            parameter.data = _as_array(parameter.data, target, dtype or parameter.dtype, copy=False)
            parameter._backend = target
            parameter.grad = None
        return self

    def double(self):
        return self.to(dtype="float64")

    def float(self):
        return self.to(dtype="float32")

    # ----- saving and loading -------------------------------------------------------------
    def state_dict(self):
        """{dotted name: NumPy copy of the parameter}."""
        return {name: parameter.numpy() for name, parameter in self.named_parameters()}

    def load_state_dict(self, state):
        """Copy arrays into the parameters. Every name and shape is checked before anything is
        written, so a mismatched state leaves the module exactly as it was."""
        parameters = dict(self.named_parameters())
        missing = sorted(set(parameters) - set(state))
        unexpected = sorted(set(state) - set(parameters))
        if missing or unexpected:
            raise KeyError(f"load_state_dict: the state does not fit {type(self).__name__}: "
                           f"missing {missing or 'nothing'}, unexpected {unexpected or 'nothing'}. "
                           f"Was it saved from a model built with the same sizes and layers?")
        for name, parameter in parameters.items():
            shape = tuple(np.shape(state[name]))
            if shape != parameter.shape:
                raise ShapeError(f"load_state_dict: {name} has shape {shape} in the state but "
                                 f"{parameter.shape} in the model; build the model with the sizes "
                                 f"it was saved with.")
        for name, parameter in parameters.items():
            parameter.data = _as_array(state[name], parameter._backend, parameter.dtype)

    def save(self, path):
        """Write the parameters to a .npz file."""
        np.savez(path, **self.state_dict())

    def load(self, path):
        """Read parameters written by save(); nothing is changed if the file does not fit."""
        with np.load(path) as archive:
            self.load_state_dict({name: archive[name] for name in archive.files})
        return self

    # ----- printing -----------------------------------------------------------------------
    def extra_repr(self):
        return ""

    def __repr__(self):
        children = self.named_children()
        if not children:
            return f"{type(self).__name__}({self.extra_repr()})"
        lines = [f"{type(self).__name__}({self.extra_repr()}"]
        for name, child in children:
            lines.append(f"  ({name}): " + repr(child).replace("\n", "\n  "))
        return "\n".join(lines) + "\n)"
