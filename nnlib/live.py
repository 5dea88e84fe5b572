"""Live training, like TensorFlow Playground: LiveRun (headless; a step is ONE nnlib.train call, and n steps of k epochs give
exactly one call's n*k epochs) and playground(), its widgets (a Play tick: one step, one PNG frame drawn with Pillow). lr,
regularization, reg_rate, batch_size (TF resets here) and epochs_per_step change without a reset; other settings reset."""
import html
import io
import json
import pathlib
import time

import numpy as np
from matplotlib import get_data_path      # only for the file of its DejaVu Sans font
from PIL import Image, ImageDraw, ImageFont

from . import datasets
from ._checks import check_choice, check_count, check_positive
from .activations import ACTIVATIONS
from .network import MLP, forward_layers
from .optim import SGD
from .train import Diverged, accuracy, train

# ---- knobs: TF Playground's menus, the view ------------------------------------------------------
DATASETS = {"ring": datasets.ring, "xor": datasets.xor_quadrants, "blobs": datasets.blobs, "spiral": datasets.spiral,
            "circle": datasets.circle, "plane": datasets.plane, "gaussians": datasets.gaussians}
REGRESSION = ("plane", "gaussians")          # identity output and MSE; the others sigmoid and BCE
LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
REG_RATES = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
MAX_LAYERS, MAX_WIDTH = 6, 8
DEFAULTS = dict(dataset="ring", noise=0.0, train_fraction=0.5, features=("x1", "x2"), hidden=(4, 2), activation="tanh",
                lr=0.03, regularization=None, reg_rate=0.0, batch_size=10, epochs_per_step=3, seed=0, data_seed=0, n_points=500)
LIVE = {"lr", "regularization", "reg_rate", "batch_size", "epochs_per_step"}     # change these without a reset
CONTROLS = {"dataset": ("data", list(DATASETS)), "noise": ("noise", (0.0, 0.5, 0.05)), "train_fraction": ("train part", (0.1, 0.9, 0.1)),
            "batch_size": ("batch size", (1, 30, 1)), "activation": ("activation", list(ACTIVATIONS)), "lr": ("lr", LEARNING_RATES),
            "regularization": ("regularize", ["none", "l1", "l2"]), "reg_rate": ("reg. rate", REG_RATES),
            "layers": ("hidden layers", (0, MAX_LAYERS, 1))}       # the widgets: a (low, high, step) slider or a menu
WEIGHTS_FILE = "playground-weights.json"    # the export button writes it in the kernel's folder (the notebook's)
EXTENT, RESOLUTION = 1.2, 48          # maps cover [-EXTENT, EXTENT]^2 on a RESOLUTION^2 grid
OUT, UNIT, GAP, HEAD, CURVE, SCALE = 240, 36, 6, 16, 70, 1.5   # frame layout in pixels, shown SCALE times larger
ORANGE, WHITE, BLUE = (245, 147, 34), (232, 234, 235), (8, 119, 189)      # TF's -1, 0, +1
LUT = np.array([np.interp(np.linspace(-1, 1, 256), [-1, 0, 1], c) for c in zip(ORANGE, WHITE, BLUE)]).T.astype(np.uint8)


def _check(settings, changes):
    """{**settings, **changes}, checked (ValueError for an unknown name or a bad value); lists as tuples."""
    if set(changes) - set(DEFAULTS):
        raise ValueError(f"unknown settings {sorted(set(changes) - set(DEFAULTS))}; LiveRun takes {list(DEFAULTS)}")
    s = {**settings, **changes}
    f, h = s["features"], s["hidden"]
    if not isinstance(f, (list, tuple)) or not f or len(set(f)) != len(f) or any(n not in datasets.FEATURES for n in f):
        raise ValueError(f"features must be a non-empty list of distinct names from {list(datasets.FEATURES)}; got {f!r}")
    if not isinstance(h, (list, tuple)) or len(h) > MAX_LAYERS or any(isinstance(w, bool) or not isinstance(w, (int, np.integer))
                                                                      or not 1 <= w <= MAX_WIDTH for w in h):
        raise ValueError(f"hidden must be a list of 0 to {MAX_LAYERS} layer widths, each 1 to {MAX_WIDTH}; got {h!r}")
    check_choice(str(s["regularization"]), ["None", "l1", "l2"], "regularization")      # None: no penalty
    check_choice(s["dataset"], DATASETS, "dataset"), check_choice(s["activation"], ACTIVATIONS, "activation")
    for name, zero, upper in [("noise", True, 1.0), ("train_fraction", False, 1.0), ("lr", False, np.inf), ("reg_rate", True, np.inf)]:
        check_positive(s[name], name, allow_zero=zero, upper=upper)
    for name, low in [("batch_size", 1), ("epochs_per_step", 1), ("seed", 0), ("data_seed", 0), ("n_points", 10)]:
        check_count(s[name], name, minimum=low)
    if not 0 < round((1.0 - s["train_fraction"]) * s["n_points"]) < s["n_points"]:    # as train_test_split rounds
        raise ValueError(f"train_fraction={s['train_fraction']} of n_points={s['n_points']} leaves no training or no test point")
    return {**s, "features": tuple(f), "hidden": tuple(int(w) for w in h)}


class LiveRun:
    """One live run. history, at epoch 0 and after each chunk, on all train and test points: "epoch", "loss", "test_loss" (no
    penalty), "accuracy", "test_accuracy" (None for regression). noise: labels flipped, or the targets' noise std (regression)."""

    def __init__(self, **settings):
        self.settings = _check(DEFAULTS, settings)
        self.reset()

    def reset(self):
        """Back to epoch 0: the data (from data_seed), a fresh net, optimizer and shuffle generator (seed). Returns self."""
        s, self.regression = self.settings, self.settings["dataset"] in REGRESSION
        self.loss, noise = ("mse", "noise") if self.regression else ("bce", "label_noise")
        X, Y = DATASETS[s["dataset"]](n=s["n_points"], seed=s["data_seed"], **{noise: s["noise"]})
        self.data = datasets.train_test_split(X, Y, test_fraction=1.0 - s["train_fraction"], seed=s["data_seed"])
        self.inputs = [datasets.features(X, s["features"]) for X in self.data[::2]]    # train, test
        self.net = MLP([len(s["features"]), *s["hidden"], 1], activation=s["activation"],
                       output_activation="identity" if self.regression else "sigmoid", seed=s["seed"])
        self.optimizer, self.rng = SGD(s["lr"]), np.random.default_rng(s["seed"])
        self.epoch, self.diverged, self.start, self.segments = 0, None, dict(s), [[{}, 0]]   # segments: [changes, epochs]
        self.history = {k: [] for k in ("epoch", "loss", "test_loss", "accuracy", "test_accuracy")}
        return self._record()

    def update(self, **changes):
        """Change settings: LIVE ones keep training (lr goes to the optimizer); others reset. Returns self."""
        new = _check(self.settings, changes)
        changed, self.settings = {k: v for k, v in new.items() if v != self.settings[k]}, new
        if set(changed) - LIVE:
            return self.reset()
        self.optimizer.lr = new["lr"]
        if self.segments[-1][1] and changed:      # settings_line: a new stretch after epochs at the old settings
            self.segments.append([{}, 0])
        self.segments[-1][0].update(changed)
        return self

    def new_data(self):
        """Draw the next data set (data_seed + 1) and reset. Returns self."""
        return self.update(data_seed=self.settings["data_seed"] + 1)

    def step(self, epochs=None):
        """Train epochs (default epochs_per_step) in ONE nnlib.train call. Returns self.
        A Diverged for "loss" or "weights" ends the run (.diverged); "worse" within one chunk is no divergence here."""
        s, rate = self.settings, self.settings["reg_rate"]
        if self.diverged:
            return self
        try:
            done = len(train(self.net, self.inputs[0], self.data[1], self.loss, optimizer=self.optimizer, seed=self.rng,
                             batch_size=s["batch_size"], epochs=s["epochs_per_step"] if epochs is None else epochs,
                             l1=rate * (s["regularization"] == "l1"), l2=rate * (s["regularization"] == "l2"))["loss"])
        except Diverged as err:
            done = len(err.history["loss"])
            if err.cause != "worse":
                self.diverged = f"Diverged in epoch {self.epoch + done + 1} with lr={s['lr']:g}: the {err.cause} stopped being finite."
        self.epoch, self.segments[-1][1] = self.epoch + done, self.segments[-1][1] + done
        return self._record() if done else self           # a chunk that diverged in its first epoch adds no point

    def _record(self):
        self.history["epoch"].append(self.epoch)
        for inputs, Y, key in [(self.inputs[0], self.data[1], ""), (self.inputs[1], self.data[3], "test_")]:
            with np.errstate(all="ignore"):   # a diverged net's losses are recorded as they are
                value, A = self.net._evaluate(inputs, Y, self.loss)
            self.history[key + "loss"].append(value)
            self.history[key + "accuracy"].append(None if self.regression else accuracy(A, Y))
        return self

    def maps(self, resolution=RESOLUTION):
        """[inputs, hidden layers..., output] on a grid over [-EXTENT, EXTENT]^2 (row 0 on top), one forward pass."""
        x = np.linspace(-EXTENT, EXTENT, resolution)
        grid = datasets.features(np.column_stack([np.tile(x, resolution), np.repeat(x[::-1], resolution)]), self.settings["features"])
        with np.errstate(all="ignore"):
            As = forward_layers(self.net.params, grid, self.net.activation, self.net.output_activation)[1]
        return [A.reshape(resolution, resolution, -1) for A in As]

    def settings_line(self):
        """One line of Python that repeats this run: its settings, then each stretch of epochs."""
        line = f"nnlib.live.LiveRun({', '.join(f'{k}={v!r}' for k, v in self.start.items() if v != DEFAULTS[k])})"
        for changes, epochs in self.segments:
            line += (f".update({', '.join(f'{k}={v!r}' for k, v in changes.items())})" if changes else "")
            line += f".step({epochs})" if epochs else ""
        return line

    def export_json(self, path=None):
        """The settings, epoch and trained weights as JSON text; also written to the file path if given."""
        text = json.dumps({"settings": self.settings, "epoch": self.epoch, "params": {k: v.tolist() for k, v in self.net.params.items()}})
        if path is not None:
            pathlib.Path(path).write_text(text)
        return text

    @classmethod
    def from_json(cls, text):
        """A LiveRun with the settings, epoch and weights of export_json's text."""
        data = json.loads(text)
        run = cls(**data["settings"])
        run.net.params, run.epoch = {k: np.array(v, dtype=np.float64) for k, v in data["params"].items()}, data["epoch"]
        run.history = {k: [] for k in run.history}          # its record starts at the loaded weights' epoch
        return run._record()


def _colour(values):
    """Values in [-1, 1] (clipped; NaN as 0) to TF's orange-white-blue RGB, uint8."""
    return LUT[((np.clip(np.nan_to_num(values), -1, 1) + 1) * 127.5).astype(np.uint8)]


def frame_png(run, show_test=False, discretize=False):
    """One frame as PNG bytes: each layer's unit maps (inputs first), the output map with the points, loss curves."""
    layers = run.maps()
    left = GAP + (len(layers) - 1) * (UNIT + GAP)                  # the output map's left edge
    img = Image.new("RGB", (left + OUT + GAP, HEAD + max(MAX_WIDTH * (UNIT + GAP), OUT + CURVE + 2 * GAP)), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.font = ImageFont.truetype(str(pathlib.Path(get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")), 12)  # all text
    for c, A in enumerate(layers[:-1]):
        scale = np.abs(A).max(axis=(0, 1)) if c == 0 else 1.0          # inputs: each to its own range
        tiles, x = _colour(A / np.where(scale > 0, scale, 1.0)), GAP + c * (UNIT + GAP)
        draw.text((x, 1), "in" if c == 0 else f"h{c}", fill=(0, 0, 0))     # inputs, hidden layer c
        for u in range(A.shape[2]):
            img.paste(Image.fromarray(tiles[:, :, u]).resize((UNIT, UNIT), Image.Resampling.BILINEAR), (x, HEAD + u * (UNIT + GAP)))
    out = layers[-1][:, :, 0] if run.regression else 2 * layers[-1][:, :, 0] - 1     # probability 0..1 to -1..1
    draw.text((left, 1), "output", fill=(0, 0, 0))
    img.paste(Image.fromarray(_colour(np.sign(out) if discretize else out)).resize((OUT, OUT), Image.Resampling.BILINEAR), (left, HEAD))
    for X, Y, edge in [(*run.data[:2], (255, 255, 255))] + ([(*run.data[2:], (0, 0, 0))] if show_test else []):   # test: black edge
        pixels = (np.column_stack([X[:, 0], -X[:, 1]]) + EXTENT) / (2 * EXTENT) * OUT + [left, HEAD]
        for (px, py), colour in zip(pixels, (0.7 * _colour(Y[:, 0] if run.regression else 2 * Y[:, 0] - 1)).astype(int).tolist()):
            draw.ellipse((px - 3, py - 3, px + 3, py + 3), fill=tuple(colour), outline=edge)  # darker than the map
    _curves(draw, run.history, left, HEAD + OUT + GAP)
    png = io.BytesIO()
    img.save(png, format="PNG", compress_level=1)
    return png.getvalue()


def _curves(draw, history, left, top):
    """Train (thick, light) and test (thin, black, on top: both show where they meet) loss against epoch."""
    draw.rectangle((left, top, left + OUT, top + CURVE), outline=(200, 200, 200))
    losses = [np.nan_to_num(np.asarray(history[k], dtype=float), nan=0.0, posinf=0.0) for k in ("loss", "test_loss")]
    high, epochs = max(max(l.max() for l in losses), 1e-12), np.asarray(history["epoch"], dtype=float)
    if len(epochs) > 1 and epochs[-1] > epochs[0]:
        x = left + (epochs - epochs[0]) / (epochs[-1] - epochs[0]) * OUT
        for l, colour, width in zip(losses, [(160, 160, 160), (0, 0, 0)], [6, 2]):
            draw.line(list(zip(x, top + CURVE - np.minimum(l / high, 1) * (CURVE - 16))), fill=colour, width=width)
    draw.text((left + 4, top + 2), f"loss 0 to {high:.2g}: train grey, test black", fill=(0, 0, 0))


def status_text(run):
    """The text line: epoch, losses and accuracies, or the divergence message."""
    h = run.history
    text = f"epoch {run.epoch} · train loss {h['loss'][-1]:.4f} · test loss {h['test_loss'][-1]:.4f}"
    text += "" if run.regression else f" · accuracy train {h['accuracy'][-1]:.3f}, test {h['test_accuracy'][-1]:.3f}"
    return html.escape(run.diverged + " Lower the learning rate and press Reset.") if run.diverged else text


class Playground:
    """The widgets of playground(): the controls drive self.run, and every change shows a new frame at once."""

    def __init__(self, interval=80, **settings):
        import ipywidgets as w        # here: the headless LiveRun needs no widgets
        self.run, self.interval, self.last_done, self.note = LiveRun(**settings), interval, 0.0, ""
        s = {**self.run.settings, "regularization": self.run.settings["regularization"] or "none", "layers": len(self.run.settings["hidden"])}
        c = self.controls = {name: _control(w, label, spec, s[name]) for name, (label, spec) in CONTROLS.items()}
        self.widths = [_control(w, f"layer {i + 1}", (1, MAX_WIDTH, 1), ([*s["hidden"]] + [4] * MAX_LAYERS)[i]) for i in range(MAX_LAYERS)]
        self.features = {n: w.Checkbox(value=n in s["features"], description=n, indent=False, layout=w.Layout(width="110px"))
                         for n in datasets.FEATURES}
        self.play = w.Play(value=0, min=0, max=10 ** 9, interval=interval, show_repeat=False)
        self.step, self.reset, self.new_data, self.export = (w.Button(description=d, layout=w.Layout(width="auto"))
                                                             for d in ("Step", "Reset", "new data", "export weights"))
        self.show_test, self.discretize = w.Checkbox(description="show test data"), w.Checkbox(description="discretize output")
        self.epoch, self.status, self.line, self.frame = w.Label("epoch 0"), w.HTML(), w.HTML(), w.Image(format="png")
        for name, widget in [("frame", self.frame), ("play", self.play), ("step", self.step), ("reset", self.reset), ("epoch", self.epoch),
                             ("lr", c["lr"]), ("dataset", c["dataset"]), ("noise", c["noise"]), ("reg", c["regularization"]),
                             ("reg-rate", c["reg_rate"]), ("status", self.status), ("export", self.export)]:
            widget.add_class("nnlib-live-" + name)
        self.play.observe(self.on_tick, names="value")
        for button, act in [(self.step, self.run.step), (self.reset, self.on_reset), (self.new_data, self.run.new_data),
                            (self.export, self.on_export)]:
            button.on_click(lambda _, act=act: self.show(act()))
        for widget in [*c.values(), *self.widths, *self.features.values(), self.show_test, self.discretize]:
            widget.observe(self.on_change, names="value")
        grid = w.GridBox(list(self.features.values()), layout=w.Layout(grid_template_columns="repeat(2, 110px)"))
        left = w.VBox([c[k] for k in ("dataset", "noise", "train_fraction")] + [self.new_data, w.Label("features"), grid]
                      + [c[k] for k in ("batch_size", "regularization", "reg_rate")])
        middle = w.VBox([c["layers"], *self.widths, self.show_test, self.discretize, self.export])
        top = w.HBox([self.play, self.step, self.reset, self.epoch, c["lr"], c["activation"]])
        self.box = w.VBox([top, w.HBox([self.frame, left, middle], layout=w.Layout(flex_flow="row wrap")), self.status, self.line])
        self.box.add_class("nnlib-live")
        self.box.playground = self
        self.on_change()

    def show(self, *_):
        """Draw the run's current state: frame, epoch counter, status and settings line; stop playing if diverged."""
        self.frame.value = frame_png(self.run, self.show_test.value, self.discretize.value)   # shown at one scale for any depth:
        self.frame.layout.width = f"{int(SCALE * Image.open(io.BytesIO(self.frame.value)).width)}px"   # header only; same width, no message
        self.epoch.value = f"epoch {self.run.epoch}"
        self.status.value, self.note = status_text(self.run) + self.note, ""
        self.line.value = f"<code>{html.escape(self.run.settings_line())}</code>"
        self.play.playing, self.last_done = self.play.playing and not self.run.diverged, time.perf_counter()

    def on_tick(self, change):
        """A Play tick: one chunk and a frame, unless the last frame finished under a quarter interval ago (ticks
        queued while the kernel was busy arrive back to back: skipping drains the queue, so controls stay responsive)."""
        if self.run.diverged or time.perf_counter() - self.last_done >= self.interval / 4000:
            self.show(self.run.step())            # a diverged run does not step; show() stops the Play button

    def on_change(self, change=None):
        """A control changed: the run keeps training (lr, regularization, batch size) or resets; redraw."""
        if not any(box.value for box in self.features.values()):
            change["owner"].value = True            # keep one input feature: switch the last one back on
            return
        for i, slider in enumerate(self.widths):
            slider.layout.display = None if i < self.controls["layers"].value else "none"
        values = {name: control.value for name, control in self.controls.items()}
        values["hidden"] = tuple(s.value for s in self.widths[:values.pop("layers")])
        values["features"] = tuple(n for n, box in self.features.items() if box.value)
        values["regularization"] = None if values["regularization"] == "none" else values["regularization"]
        self.show(self.run.update(**values))

    def on_reset(self):
        self.play.playing = False                 # as TF's reset: stop, back to epoch 0
        return self.run.reset()

    def on_export(self):
        self.run.export_json(WEIGHTS_FILE)
        self.note = f" · wrote {WEIGHTS_FILE} (settings, epoch {self.run.epoch}, weights) next to the notebook"


def _control(w, label, spec, value):
    """A slider for spec = (low, high, step), else a dropdown of the values in spec (plus value)."""
    common = dict(description=label, layout=w.Layout(width="250px"), style={"description_width": "90px"})
    if isinstance(spec, tuple) and not spec[0] <= value <= spec[1]:        # a slider would clamp it silently
        raise ValueError(f"{label} must be within its slider's range {spec[0]} to {spec[1]}; got {value!r}")
    if isinstance(spec, tuple):
        return (w.IntSlider if all(isinstance(v, int) for v in spec) else w.FloatSlider)(
            value=value, min=spec[0], max=spec[1], step=spec[2], continuous_update=False, **common)
    options = [(v if isinstance(v, str) else f"{v:g}", v) for v in (spec if value in spec else sorted([*spec, value]))]
    return w.Dropdown(options=options, value=value, **common)


def playground(interval=80, **settings):
    """The live playground: a widget box (display it, or end a cell with it). interval: ms between Play ticks.
    box.playground holds the controls and the LiveRun (box.playground.run), for tests and curious readers."""
    return Playground(interval, **settings).box
