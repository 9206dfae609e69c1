"""Optimizers and gradient clipping. Each step changes the parameters' arrays in place, outside
the graph, from the gradients that backward() left in .grad, and records the change on each
parameter, so that a backward through a graph built before the step is refused (it would give
the gradient at the new weights)."""
import math
import numbers

from .tensor import Tensor, no_grad


class Optimizer:
    """Holds the parameters and their per-parameter state; subclasses write `update`."""

    def __init__(self, parameters, lr):
        name = type(self).__name__
        self.parameters = _unique(name, parameters)
        if not self.parameters:
            raise ValueError(f"{name}: got no parameters to optimize; pass model.parameters().")
        for parameter in self.parameters:
            if not parameter.is_leaf:
                raise ValueError(f"{name}: can only optimize leaf tensors (parameters, or tensors "
                                 f"you made with requires_grad=True), not the result of "
                                 f"{parameter._op}; pass model.parameters().")
        _check_number(name, "the learning rate", lr, lower=0, inclusive=False)
        self.lr = lr
        self.state = [{} for _ in self.parameters]

    def zero_grad(self):
        for parameter in self.parameters:
            parameter.grad = None

    @no_grad()
    def step(self):
        """Update every parameter that has a gradient."""
        for parameter, state in zip(self.parameters, self.state):
            if parameter.grad is not None:
                self.update(parameter.data, parameter.grad, state)
                parameter._changed_in_place()

    def update(self, weights, grad, state):
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum and weight decay (as in PyTorch):
    g = grad + weight_decay * w;   v = momentum * v + g;   w = w - lr * v."""

    def __init__(self, parameters, lr, momentum=0.0, weight_decay=0.0):
        super().__init__(parameters, lr)
        _check_number("SGD", "momentum", momentum, lower=0)
        _check_number("SGD", "weight_decay", weight_decay, lower=0)
        self.momentum, self.weight_decay = momentum, weight_decay

    def update(self, weights, grad, state):
        if self.weight_decay:
            grad = grad + self.weight_decay * weights
        if self.momentum:
            if "velocity" in state:
                state["velocity"] *= self.momentum
                state["velocity"] += grad
            else:
                state["velocity"] = grad.copy()
            grad = state["velocity"]
        weights -= self.lr * grad


class Adagrad(Optimizer):
    """Adagrad, as in the classic character-level RNN: each weight's step shrinks with the sum of
    its past squared gradients.   s = s + g^2;   w = w - lr * g / (sqrt(s) + eps)."""

    def __init__(self, parameters, lr=1e-2, eps=1e-8):
        super().__init__(parameters, lr)
        _check_number("Adagrad", "eps", eps, lower=0)
        self.eps = eps

    def update(self, weights, grad, state):
        squares = state.setdefault("sum_of_squares", grad * 0)
        squares += grad * grad
        weights -= self.lr * grad / (squares ** 0.5 + self.eps)


class Adam(Optimizer):
    """Adam: momentum (m) and a per-weight scale (v), both bias-corrected.
    m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  w = w - lr * m^ / (sqrt(v^) + eps),
    with m^ = m / (1 - b1^t) and v^ = v / (1 - b2^t)."""

    def __init__(self, parameters, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(parameters, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}.")
        for name, beta in zip(("betas[0]", "betas[1]"), betas):
            _check_number("Adam", name, beta, lower=0, upper=1)
        _check_number("Adam", "eps", eps, lower=0)
        _check_number("Adam", "weight_decay", weight_decay, lower=0)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay

    def update(self, weights, grad, state):
        beta1, beta2 = self.betas
        if self.weight_decay:
            grad = grad + self.weight_decay * weights
        if not state:
            state.update(step=0, mean=grad * 0, square=grad * 0)
        state["step"] += 1
        mean, square = state["mean"], state["square"]
        mean *= beta1
        mean += (1 - beta1) * grad
        square *= beta2
        square += (1 - beta2) * grad * grad
        step_size = self.lr / (1 - beta1 ** state["step"])
        correction = math.sqrt(1 - beta2 ** state["step"])
        weights -= step_size * mean / (square ** 0.5 / correction + self.eps)


def clip_grad_norm_(parameters, max_norm):
    """Scale all gradients together so that their joint L2 norm is at most max_norm.
    Returns the norm before clipping (a float), the number worth plotting."""
    grads = [p.grad for p in _unique("clip_grad_norm_", parameters) if p.grad is not None]
    total = math.sqrt(sum(float((g * g).sum()) for g in grads))
    if total > max_norm:
        scale = max_norm / (total + 1e-6)
        for g in grads:
            g *= scale
    return total


def clip_grad_value_(parameters, clip_value):
    """Clip every gradient entry to [-clip_value, clip_value], in place."""
    for p in _unique("clip_grad_value_", parameters):
        if p.grad is not None:
            p.xp.clip(p.grad, -clip_value, clip_value, out=p.grad)


def _unique(owner, parameters):
    """The parameters (tensors; one tensor alone is fine) as a list, each listed once (a
    generator is consumed only once); a model passed instead of its parameters is refused."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    elif hasattr(parameters, "parameters") and callable(parameters.parameters):
        raise TypeError(f"{owner}: got the model {type(parameters).__name__}, but needs its "
                        f"parameters: pass model.parameters().")
    unique, seen = [], set()
    for p in parameters:
        if not isinstance(p, Tensor):
            raise TypeError(f"{owner}: expects tensors, such as model.parameters(), but one of "
                            f"them is of type {type(p).__name__}.")
        if id(p) not in seen:
            seen.add(id(p))
            unique.append(p)
    return unique


def _check_number(owner, name, value, lower, upper=None, inclusive=True):
    """A hyperparameter must be a real number in its range: [lower, upper), or above lower."""
    is_number = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not (is_number and (value >= lower if inclusive else value > lower)
            and (upper is None or value < upper)):
        rule = (f"a number >= {lower}" if inclusive else "positive") + (
            f" and < {upper}" if upper is not None else "")
        raise ValueError(f"{owner}: {name} must be {rule}, got {value!r}.")
