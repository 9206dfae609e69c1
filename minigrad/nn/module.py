"""Module: the base of every layer. It finds its parameters by looking at its attributes, so a
model is written as plain Python: assign layers and Parameters, write forward()."""
import os

import numpy as np

from ..backend import get_backend
from ..errors import DtypeError, ShapeError
from ..tensor import Tensor, _as_array, _checked_dtype


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
        """This module and every module inside it, depth first, each once (a layer held twice,
        or a module that refers back to itself, is visited once)."""
        found, seen, pending = [], set(), [self]
        while pending:
            module = pending.pop()
            if id(module) not in seen:
                seen.add(id(module))
                found.append(module)
                pending.extend(reversed([child for _, child in module.named_children()]))
        return found

    def named_parameters(self, prefix=""):
        """(dotted name, Parameter) for every parameter, each listed once, under the first name
        that reaches it (a shared layer, or a module that refers back to itself, is walked once)."""
        named = []
        self._add_parameters(prefix, named, seen=set())
        return named

    def _add_parameters(self, prefix, named, seen):
        seen.add(id(self))
        for name, value in self._named_members():
            if id(value) in seen:
                continue
            if isinstance(value, Parameter):
                seen.add(id(value))
                named.append((prefix + name, value))
            elif isinstance(value, Module):
                value._add_parameters(f"{prefix}{name}.", named, seen)

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
        if dtype is not None and _checked_dtype(dtype).kind != "f":
            raise DtypeError(f"{type(self).__name__}.to: parameters must stay floating point to "
                             f"have gradients; use 'float32' or 'float64', not {dtype!r}.")
        for parameter in self.parameters():
            target = backend or parameter._backend
            moved = _as_array(parameter.data, target, dtype or parameter.dtype, copy=False)
            if moved is not parameter.data:
                parameter.data, parameter._backend, parameter.grad = moved, target, None
                parameter._changed_in_place()
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
            parameter._changed_in_place()

    def save(self, path):
        """Write the parameters to the file `path` (a NumPy .npz archive), under exactly that name,
        as torch.save does: save("model") then load("model") works."""
        with open(path, "wb") as file:
            np.savez(file, **self.state_dict())

    def load(self, path):
        """Read parameters written by save(); nothing is changed if the file does not fit."""
        try:
            archive = np.load(path)
        except FileNotFoundError:
            hint = (f"; there is a {path}.npz, which np.savez would have written: load that name"
                    if os.path.exists(f"{path}.npz") else "")
            raise FileNotFoundError(f"load: there is no file {str(path)!r}{hint}.") from None
        except (ValueError, OSError) as error:
            raise ValueError(f"load: {str(path)!r} is not a file written by Module.save (a NumPy "
                             f".npz archive of named arrays): {error}") from None
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise ValueError(f"load: {str(path)!r} holds a single array, not the named parameters "
                             f"that Module.save writes.")
        with archive:
            self.load_state_dict({name: archive[name] for name in archive.files})
        return self

    # ----- printing -----------------------------------------------------------------------
    def extra_repr(self):
        return ""

    def __repr__(self):
        return self._repr(printing=set())

    def _repr(self, printing):
        children = self.named_children()
        if not children:
            return f"{type(self).__name__}({self.extra_repr()})"
        printing.add(id(self))
        lines = [f"{type(self).__name__}({self.extra_repr()}"]
        for name, child in children:
            text = (f"<the {type(child).__name__} above>" if id(child) in printing
                    else child._repr(printing))
            lines.append(f"  ({name}): " + text.replace("\n", "\n  "))
        printing.discard(id(self))
        return "\n".join(lines) + "\n)"

