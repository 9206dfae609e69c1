"""A fused LSTM step: the whole step of LSTMCell as one op, with its backpropagation-through-time
step derived by hand. A sequence layer then makes a few large array calls per step instead of
many small ones; the tests check it against the same equations written op by op
(LSTMCell.gates) and against finite differences.
"""
from ..ops.elementwise import sigmoid_of
from ..tensor import Tensor


def lstm_step(projected, h_prev, c_prev, W_h_T):
    """One LSTM step. With z = projected + h_{t-1} W_h^T (gates i, f, g, o, each H wide):

        i, f, o = σ(z_i), σ(z_f), σ(z_o);  g = tanh(z_g)
        c_t = f * c_{t-1} + i * g;         h_t = o * tanh(c_t)

    Returns h_t and c_t stacked, shape (2, B, H). Given dh = dL/dh_t and dc = dL/dc_t (the part
    arriving from later steps), backward computes
        dc_total = dc + dh * o * (1 - tanh²c_t)
        dz = [dc_total * g * i(1-i),  dc_total * c_{t-1} * f(1-f),  dc_total * i * (1-g²),
              dh * tanh(c_t) * o(1-o)]
        dL/dprojected = dz,  dL/dh_{t-1} = dz W_h,  dL/dW_h^T = h_{t-1}^T dz,
        dL/dc_{t-1} = dc_total * f.
    """
    xp, hidden = projected.xp, c_prev.shape[-1]
    z = h_prev.data @ W_h_T.data
    z += projected.data
    gates = sigmoid_of(z, xp)                          # σ of all four; g is replaced next
    gates[:, 2 * hidden:3 * hidden] = xp.tanh(z[:, 2 * hidden:3 * hidden])
    i, f = gates[:, :hidden], gates[:, hidden:2 * hidden]
    g, o = gates[:, 2 * hidden:3 * hidden], gates[:, 3 * hidden:]
    out = xp.empty((2,) + c_prev.shape, dtype=z.dtype)
    c = out[1]
    xp.multiply(f, c_prev.data, out=c)
    c += i * g
    tanh_c = xp.tanh(c)
    xp.multiply(o, tanh_c, out=out[0])

    def backward(grad):
        dh, dc = grad[0], grad[1] + grad[0] * o * (1 - tanh_c * tanh_c)
        # The derivative of each gate's nonlinearity, then the factor each gate is multiplied by.
        dz = gates * (1 - gates)
        dz[:, 2 * hidden:3 * hidden] = 1 - g * g
        dz[:, :hidden] *= dc * g
        dz[:, hidden:2 * hidden] *= dc * c_prev.data
        dz[:, 2 * hidden:3 * hidden] *= dc * i
        dz[:, 3 * hidden:] *= dh * tanh_c
        return (dz,
                dz @ W_h_T.data.T if h_prev.requires_grad else None,
                dc * f if c_prev.requires_grad else None,
                h_prev.data.T @ dz if W_h_T.requires_grad else None)
    return Tensor._make(out, (projected, h_prev, c_prev, W_h_T), backward, "lstm_step")
