"""A tiny scalar reverse-mode autodiff (in the spirit of micrograd), used ONLY as an independent
reference: it knows nothing of nnlib's formulas, just the chain rule on +, *, exp, log, tanh, max, abs.
"""
import math


class Value:
    def __init__(self, data, parents=(), local_grads=()):
        self.data, self.grad = float(data), 0.0
        self._parents, self._local_grads = parents, local_grads

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    __radd__, __rmul__ = __add__, __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other if isinstance(other, Value) else -float(other))

    def __rsub__(self, other):
        return (-self) + other

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    def __abs__(self):  # d|w|/dw = sign(w) for w != 0 (0 at the kink, as a subgradient)
        return Value(abs(self.data), (self,), (math.copysign(1.0, self.data) if self.data else 0.0,))

    def sigmoid(self):  # 1 / (1 + e^-x), built from the primitives above
        return (1.0 + (-self).exp()).log().__neg__().exp()

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v._parents:
                    visit(p)
                order.append(v)

        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            for p, g in zip(v._parents, v._local_grads):
                p.grad += g * v.grad


def mlp_loss(params, X, Y, activation, output_activation, loss):
    """Loss of a layered net with parameter Values params[name][i][j]; plain definitions throughout."""
    act = {"sigmoid": Value.sigmoid, "tanh": Value.tanh, "relu": Value.relu, "identity": lambda v: v,
           "softmax": lambda v: v}          # softmax is applied by the loss below, to the logits
    num_layers = len(params) // 2
    total, n_terms = Value(0.0), 0
    for x_row, y_row in zip(X, Y):
        A = [Value(x) for x in x_row]
        for l in range(1, num_layers + 1):
            W, b = params[f"W{l}"], params[f"b{l}"]
            Z = [sum((A[i] * W[i][j] for i in range(len(A))), b[j]) for j in range(len(b))]
            f = act[output_activation if l == num_layers else activation]
            A = [f(z) for z in Z]
        if loss == "cross_entropy":      # -sum_k y_k log softmax(Z)_k = -sum_k y_k (Z_k - log sum_j exp(Z_j))
            log_sum = sum((z.exp() for z in A), Value(0.0)).log()
            total = total - sum((y * (z - log_sum) for z, y in zip(A, y_row)), Value(0.0))
            n_terms += 1                 # a mean over examples, not over examples x outputs
            continue
        for a, y in zip(A, y_row):
            n_terms += 1
            if loss == "bce":
                total = total - (y * a.log() + (1.0 - y) * (1.0 - a).log())
            else:
                total = total + (a - y) * (a - y)
    if loss == "sse":
        return total * 0.5
    return total * (1.0 / n_terms)
