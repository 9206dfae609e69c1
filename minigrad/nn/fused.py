"""Fused recurrent steps: a whole step of LSTMCell or GRUCell as one op, with its
backpropagation-through-time step derived by hand.

A layer then makes a few large array calls per step instead of many small ones, and keeps only
what the backward step reads (the gates, the new states), as a hand-written BPTT does. Each gate
is its own array, because NumPy's elementwise loops run about twice as fast on contiguous arrays
as on column slices of the (B, 4H) pre-activations. The tests check each step against the same
equations written op by op (the cells' `gates`) and against finite differences.

Every step takes x_t and its weights as inputs, so that its backward returns dL/dW_x and dL/db
itself; the weight gradients go back as `Products` (dz^T x_t, dz^T h_{t-1}), which the engine
multiplies out for many steps at once. The input term x_t W_x^T + b does not depend on h, so
`RecurrentCell.unroll` computes it for all steps in one matmul and passes each step its slice as
`input_term`, a plain array that the step then owns: the step adds its recurrent term into it.
"""
from ..gradient_sums import Products
from ..ops.elementwise import sigmoid_floor, sigmoid_of_raised
from ..tensor import Tensor


def lstm_step(x, h_prev, c_prev, W_x, W_h, b, input_term=None):
    """One LSTM step. With z = W_x x_t + W_h h_{t-1} + b (gates i, f, g, o, each H wide):

        i, f, o = σ(z_i), σ(z_f), σ(z_o);  g = tanh(z_g)
        c_t = f * c_{t-1} + i * g;         h_t = o * tanh(c_t)

    Returns the two outputs h_t and c_t. Given dh = dL/dh_t and dc = dL/dc_t (the part arriving
    from later steps), backward computes
        dc_total = dc + dh * o * (1 - tanh²c_t)
        dz = [dc_total * g * i(1-i),  dc_total * c_{t-1} * f(1-f),  dc_total * i * (1-g²),
              dh * tanh(c_t) * o(1-o)]
        dL/dx_t = dz W_x,  dL/dh_{t-1} = dz W_h,  dL/dc_{t-1} = dc_total * f,
        dL/dW_x = dz^T x_t,  dL/dW_h = dz^T h_{t-1},  dL/db = Σ_batch dz.
    """
    xp, hidden = h_prev.xp, h_prev.data.shape[-1]
    z = _input_term(x, W_x, b, input_term)
    z += h_prev.data @ W_h.data.T
    xp.maximum(z, sigmoid_floor(z.dtype), out=z)  # for σ; tanh is -1 there all the same
    i, f, g, o = (z[:, k * hidden:(k + 1) * hidden] for k in range(4))
    i, f, o = (sigmoid_of_raised(gate, xp) for gate in (i, f, o))  # each its own array
    g = xp.tanh(g)
    c = f * c_prev.data
    c += i * g
    tanh_c = xp.tanh(c)
    h = o * tanh_c

    def backward(dh, dc):
        if dh is None:  # only c_t was used further on
            dh = xp.zeros_like(h)
        dc_total = dh * o
        dc_total *= 1 - tanh_c * tanh_c
        if dc is not None:
            dc_total += dc
        d_g = dc_total * i
        d_g *= 1 - g * g
        dz = xp.concatenate([_times_sigmoid_derivative(dc_total * g, i),
                             _times_sigmoid_derivative(dc_total * c_prev.data, f), d_g,
                             _times_sigmoid_derivative(dh * tanh_c, o)], axis=1)
        d_x, d_W_x, d_b = _input_gradients(dz, x, W_x, b)
        d_h_prev, d_W_h = _recurrent_gradients(dz, h_prev, W_h)
        d_c_prev = dc_total * f if c_prev.requires_grad else None
        return d_x, d_h_prev, d_c_prev, d_W_x, d_W_h, d_b
    return Tensor._make_outputs((h, c), (x, h_prev, c_prev, W_x, W_h, b), backward, "lstm_step")


def gru_step(x, h_prev, W_x, W_h, W_hc, b, b_hc=None, input_term=None):
    """One GRU step (GRUCell's equations; b_hc given: PyTorch's reset placement):

        z = σ(W_z [h_{t-1}, x_t] + b_z),  r = σ(W_r [h_{t-1}, x_t] + b_r)
        h~ = tanh(W_xc x_t + b_c + W_hc (r * h_{t-1}))      or, reset after,
        h~ = tanh(W_xc x_t + b_c + r * (W_hc h_{t-1} + b_hc))
        h_t = (1 - z) * h_{t-1} + z * h~

    Given dh = dL/dh_t, backward computes da_c = dh * z * (1 - h~²) for the candidate's
    pre-activation, da_z = dh * (h~ - h_{t-1}) * z(1-z); through the candidate's recurrent term,
    reset before: dL/d(r h) = da_c W_hc, dL/dW_hc = da_c^T (r h), dL/dr = dL/d(r h) * h_{t-1};
    reset after:  dn = da_c * r, dL/dW_hc = dn^T h_{t-1}, dL/db_hc = Σ dn, dL/dr = da_c * n;
    then da_r = dL/dr * r(1-r), and dL/dh_{t-1} = dh * (1 - z) + [da_z, da_r] W_h + (the
    recurrent term's share: dL/d(r h) * r, or dn W_hc); the input weights as in lstm_step.
    """
    xp, hidden = h_prev.xp, h_prev.data.shape[-1]
    terms = _input_term(x, W_x, b, input_term)  # z's and r's pre-activations, the candidate's term
    gates = terms[:, :2 * hidden]
    gates += h_prev.data @ W_h.data.T
    xp.maximum(gates, sigmoid_floor(gates.dtype), out=gates)
    update, reset = (sigmoid_of_raised(gate, xp) for gate in (gates[:, :hidden], gates[:, hidden:]))
    if b_hc is None:
        recurrent_input = reset * h_prev.data  # r * h_{t-1}, which W_hc reads
        candidate = terms[:, 2 * hidden:] + recurrent_input @ W_hc.data.T
    else:
        recurrent_input = h_prev.data @ W_hc.data.T  # n = W_hc h_{t-1} + b_hc, which r scales
        recurrent_input += b_hc.data
        candidate = terms[:, 2 * hidden:] + reset * recurrent_input
    xp.tanh(candidate, out=candidate)
    h = update * candidate
    h += (1 - update) * h_prev.data

    def backward(dh):
        d_candidate = dh * update  # dL/d(the candidate's pre-activation)
        d_candidate *= 1 - candidate * candidate
        d_update = candidate - h_prev.data
        d_update *= dh
        d_h_prev = dh * (1 - update)
        if b_hc is None:
            d_recurrent_input = d_candidate @ W_hc.data
            d_W_hc = Products(d_candidate, recurrent_input, xp) if W_hc.requires_grad else None
            d_reset = d_recurrent_input * h_prev.data
            d_h_prev += d_recurrent_input * reset
            d_b_hc = ()
        else:
            d_recurrent_input = d_candidate * reset
            d_W_hc = (Products(d_recurrent_input, h_prev.data, xp) if W_hc.requires_grad
                      else None)
            d_reset = d_candidate * recurrent_input
            d_h_prev += d_recurrent_input @ W_hc.data
            d_b_hc = (d_recurrent_input.sum(axis=0) if b_hc.requires_grad else None,)
        d_terms = xp.concatenate([_times_sigmoid_derivative(d_update, update),
                                  _times_sigmoid_derivative(d_reset, reset), d_candidate], axis=1)
        d_x, d_W_x, d_b = _input_gradients(d_terms, x, W_x, b)
        d_gates_h_prev, d_W_h = _recurrent_gradients(d_terms[:, :2 * hidden], h_prev, W_h)
        if d_gates_h_prev is not None:
            d_h_prev += d_gates_h_prev
        return (d_x, d_h_prev if h_prev.requires_grad else None, d_W_x, d_W_h, d_W_hc, d_b,
                *d_b_hc)
    parents = (x, h_prev, W_x, W_h, W_hc, b) + (() if b_hc is None else (b_hc,))
    return Tensor._make(h, parents, backward, "gru_step")


def _times_sigmoid_derivative(grad, s):
    """grad * s(1 - s), the gradient through s = σ(a) with respect to a, computed in grad's
    own array (which the caller made for this)."""
    grad *= s
    grad *= 1 - s
    return grad


def _input_term(x, W_x, b, input_term):
    """x_t W_x^T + b: the caller's precomputed slice, or a new array; the step may write over it."""
    if input_term is not None:
        return input_term
    term = x.data @ W_x.data.T
    term += b.data
    return term


def _input_gradients(d_terms, x, W_x, b):
    """dL/dx_t, dL/dW_x and dL/db from d_terms = dL/d(x_t W_x^T + b) (None where not needed)."""
    return (d_terms @ W_x.data if x.requires_grad else None,
            Products(d_terms, x.data, x.xp) if W_x.requires_grad else None,
            d_terms.sum(axis=0) if b.requires_grad else None)


def _recurrent_gradients(d_terms, h_prev, W_h):
    """dL/dh_{t-1} and dL/dW_h from d_terms = dL/d(h_{t-1} W_h^T) (None where not needed)."""
    return (d_terms @ W_h.data if h_prev.requires_grad else None,
            Products(d_terms, h_prev.data, h_prev.xp) if W_h.requires_grad else None)
