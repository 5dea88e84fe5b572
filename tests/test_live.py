"""nnlib.live: the headless LiveRun against plain nnlib.train calls, and the playground's widget callbacks
driven from Python (Play ticks, buttons, controls), as the browser test drives them by hand."""
import io
import json

import numpy as np
import pytest
from PIL import Image

import nnlib
import nnlib.live as live

K = live.DEFAULTS["epochs_per_step"]     # epochs per chunk (per Play tick)
SLOW_TICKS = 10 ** 6     # ms between Play ticks: a tick right after a frame is then always "backed up" and skipped


def reference(dataset="ring", hidden=(4, 2), features=("x1", "x2"), activation="tanh", seed=0, data_seed=0):
    """The run's data and net, built with nnlib alone: (X_train, Y_train, net, loss)."""
    regression = dataset in ("plane", "gaussians")
    make = {"ring": nnlib.datasets.ring, "plane": nnlib.datasets.plane}[dataset]
    X, Y = make(n=500, seed=data_seed, **({"noise": 0.0} if regression else {"label_noise": 0.0}))
    X_train, Y_train, _, _ = nnlib.train_test_split(X, Y, test_fraction=0.5, seed=data_seed)
    net = nnlib.MLP([len(features), *hidden, 1], activation=activation,
                    output_activation="identity" if regression else "sigmoid", seed=seed)
    return nnlib.datasets.features(X_train, features), Y_train, net, "mse" if regression else "bce"


def same_weights(a, b):
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("settings", [{}, dict(regularization="l2", reg_rate=0.01, features=("x1", "x2", "x1*x2")),
                                      dict(regularization="l1", reg_rate=0.003, hidden=(3,), activation="relu", seed=2),
                                      dict(dataset="plane", hidden=(), batch_size=7)])
def test_chunks_give_exactly_one_train_call(settings):
    run = live.LiveRun(epochs_per_step=3, **settings)
    for _ in range(4):
        run.step()
    s = run.settings
    X, Y, net, loss = reference(s["dataset"], s["hidden"], s["features"], s["activation"], s["seed"])
    l1, l2 = (s["reg_rate"] * (s["regularization"] == name) for name in ("l1", "l2"))
    nnlib.train(net, X, Y, loss, optimizer=nnlib.SGD(s["lr"]), seed=np.random.default_rng(s["seed"]),
                batch_size=s["batch_size"], epochs=12, l1=l1, l2=l2)
    assert run.epoch == 12 and run.history["epoch"] == [0, 3, 6, 9, 12]
    assert same_weights(run.net.params, net.params)


def test_a_learning_rate_change_mid_run_is_two_train_calls_and_keeps_the_epoch():
    run = live.LiveRun().step().step()
    run.update(lr=0.3)
    assert run.epoch == 2 * K
    for _ in range(3):
        run.step()
    X, Y, net, loss = reference()
    optimizer, rng = nnlib.SGD(0.03), np.random.default_rng(0)
    nnlib.train(net, X, Y, loss, optimizer=optimizer, seed=rng, batch_size=10, epochs=2 * K)
    optimizer.lr = 0.3
    nnlib.train(net, X, Y, loss, optimizer=optimizer, seed=rng, batch_size=10, epochs=3 * K)
    assert run.epoch == 5 * K and same_weights(run.net.params, net.params)


def test_the_settings_line_repeats_the_run():
    run = live.LiveRun(dataset="xor", hidden=(5,), lr=0.1).step().update(lr=0.3, batch_size=5).step().step()
    line = run.settings_line()
    assert line == f"nnlib.live.LiveRun(dataset='xor', hidden=(5,), lr=0.1).step({K}).update(lr=0.3, batch_size=5).step({2 * K})"
    again = eval(line, {"nnlib": nnlib})
    assert again.epoch == 3 * K and same_weights(again.net.params, run.net.params)


@pytest.mark.parametrize("change", [dict(dataset="xor"), dict(noise=0.1), dict(train_fraction=0.7), dict(hidden=(3, 3, 3)),
                                    dict(features=("x1", "x2", "sin(pi*x1)")), dict(activation="relu"), dict(seed=1)])
def test_data_and_architecture_changes_reset(change):
    run = live.LiveRun().step()
    run.update(**change)
    assert run.epoch == 0 and run.history["epoch"] == [0] and run.settings_line().endswith(")")
    assert run.net.sizes == [len(run.settings["features"]), *run.settings["hidden"], 1]


def test_reset_and_new_data():
    run = live.LiveRun()
    start = {k: v.copy() for k, v in run.net.params.items()}
    run.step().reset()
    assert run.epoch == 0 and same_weights(run.net.params, start)
    X_before = run.data[0].copy()
    run.new_data()
    assert run.settings["data_seed"] == 1 and run.epoch == 0 and not np.array_equal(run.data[0], X_before)


def test_live_changes_do_not_reset():
    run = live.LiveRun().step()
    run.update(regularization="l1", reg_rate=0.01, batch_size=20, epochs_per_step=5).step()
    assert run.epoch == K + 5 and run.history["epoch"] == [0, K, K + 5]


def test_history_and_regression():
    run = live.LiveRun(dataset="gaussians").step()
    assert run.loss == "mse" and run.net.output_activation == "identity"
    assert run.history["accuracy"] == [None, None] and all(np.isfinite(run.history["test_loss"]))
    classify = live.LiveRun().step()
    assert 0 <= classify.history["test_accuracy"][-1] <= 1
    X, Y, net, loss = reference()
    assert classify.history["loss"][0] == net._evaluate(X, Y, loss)[0]     # data loss, no penalty, at epoch 0


def test_a_run_that_blows_up_stops_and_says_so():
    run = live.LiveRun(dataset="plane", lr=10.0)
    for _ in range(5):
        run.step()
    assert run.diverged and run.diverged.startswith("Diverged in epoch") and "lr=10" in run.diverged
    epoch = run.epoch
    assert run.step().epoch == epoch
    assert "Diverged" in live.status_text(run)
    live.frame_png(run)                      # NaN weights still draw
    assert run.reset().diverged is None


def test_a_run_that_blows_up_in_its_first_epoch_still_draws():
    run = live.LiveRun(dataset="plane", lr=10.0, batch_size=1).step()      # RuntimeWarnings are errors in tests
    assert run.diverged and run.history["epoch"] == [0] and run.epoch == 0
    assert png(live.frame_png(run)).size[0] > 0


def test_a_refused_change_leaves_the_run_as_it_was():
    run = live.LiveRun().step()
    with pytest.raises(ValueError, match="train_fraction=0.99 of n_points=10 leaves no training or no test point"):
        run.update(n_points=10, train_fraction=0.99)
    assert run.settings == live.LiveRun().settings and run.epoch == K and len(run.data[0]) == 250


def test_a_worse_chunk_is_not_a_divergence(monkeypatch):
    real = live.train

    def worse(*args, **kwargs):
        history = real(*args, **kwargs)
        raise nnlib.Diverged("worse", "the loss ended above", len(history["loss"]), 0.03, history)
    monkeypatch.setattr(live, "train", worse)
    run = live.LiveRun().step()
    assert run.diverged is None and run.epoch == K


def test_json_export_round_trip(tmp_path):
    run = live.LiveRun(hidden=(3, 2), features=("x1", "x2", "x2^2")).step().step()
    text = run.export_json(tmp_path / "weights.json")
    assert (tmp_path / "weights.json").read_text() == text
    data = json.loads(text)
    assert data["epoch"] == 2 * K and data["settings"]["hidden"] == [3, 2] and set(data["params"]) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    loaded = live.LiveRun.from_json(text)
    assert loaded.epoch == 2 * K and same_weights(loaded.net.params, run.net.params)
    assert np.array_equal(loaded.net.forward(run.inputs[1]), run.net.forward(run.inputs[1]))
    assert loaded.history["epoch"] == [2 * K] and loaded.history["test_loss"] == run.history["test_loss"][-1:]   # not the fresh net's
    assert live.status_text(loaded) == live.status_text(run)


def test_maps_are_every_unit_from_one_forward_pass():
    run = live.LiveRun(hidden=(3, 5), features=("x1", "x2", "x1^2")).step()
    layers = run.maps(20)
    assert [A.shape for A in layers] == [(20, 20, 3), (20, 20, 3), (20, 20, 5), (20, 20, 1)]
    corner = nnlib.datasets.features(np.array([[-live.EXTENT, live.EXTENT]]), run.settings["features"])   # top left
    assert np.allclose(layers[-1][0, 0], run.net.forward(corner)[0], rtol=0, atol=1e-12)


@pytest.mark.parametrize("bad, name", [(dict(dataset="moons"), "dataset"), (dict(features=("x1", "x3")), "features"),
                                       (dict(features=()), "features"), (dict(features=("x1", "x1")), "features"),
                                       (dict(hidden=(4,) * 7), "hidden"), (dict(hidden=(9,)), "hidden"), (dict(hidden=(0,)), "hidden"),
                                       (dict(hidden=4), "hidden"), (dict(activation="gelu"), "activation"), (dict(lr=0), "lr"),
                                       (dict(regularization="l3"), "regularization"), (dict(reg_rate=-1), "reg_rate"),
                                       (dict(noise=1.5), "noise"), (dict(train_fraction=1.0), "train_fraction"),
                                       (dict(batch_size=0), "batch_size"), (dict(seed=-1), "seed"), (dict(epochs=5), "epochs")])
def test_bad_settings_are_refused_by_name(bad, name):
    with pytest.raises(ValueError, match=name):
        live.LiveRun(**bad)
    with pytest.raises(ValueError, match=name):
        live.LiveRun().update(**bad)


def png(data):
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def test_frames_show_the_toggles():
    run = live.LiveRun().step()
    plain, with_test, discrete = (live.frame_png(run, *flags) for flags in [(False, False), (True, False), (False, True)])
    assert png(plain).size == png(with_test).size and len({plain, with_test, discrete}) == 3
    wide = png(live.frame_png(live.LiveRun(hidden=(8,) * 6)))
    assert wide.size[0] > png(plain).size[0]


@pytest.fixture
def view():
    return live.playground(interval=SLOW_TICKS).playground


def tick(view):
    view.last_done = -np.inf                  # the previous frame finished long ago: not backed up
    view.play.value += 1


def test_play_ticks_train_and_draw_and_backed_up_ticks_are_skipped(view):
    first = view.frame.value
    tick(view)
    assert view.epoch.value == f"epoch {K}" and view.frame.value != first and f"epoch {K} ·" in view.status.value
    view.play.value += 1                      # arrives right after the frame: skipped
    assert view.run.epoch == K


def test_step_advances_one_chunk_and_reset_returns_to_epoch_0(view):
    view.step.click()
    view.step.click()
    assert view.run.epoch == 2 * K and view.epoch.value == f"epoch {2 * K}"
    assert same_weights(view.run.net.params, live.LiveRun().step().step().net.params)
    view.play.playing = True
    view.reset.click()
    assert view.epoch.value == "epoch 0" and not view.play.playing


def test_learning_rate_change_keeps_the_epoch_and_dataset_change_resets(view):
    tick(view)
    view.controls["lr"].value = 0.3
    assert view.run.optimizer.lr == 0.3 and view.epoch.value == f"epoch {K}" and "update(lr=0.3)" in view.line.value
    view.controls["reg_rate"].value, view.controls["regularization"].value = 0.01, "l2"
    assert view.run.settings["regularization"] == "l2" and view.run.epoch == K
    before = view.frame.value
    view.controls["dataset"].value = "spiral"
    assert view.epoch.value == "epoch 0" and view.frame.value != before and view.run.settings["dataset"] == "spiral"


def test_layer_and_feature_controls(view):
    view.controls["layers"].value = 3
    view.widths[2].value = 7
    assert view.run.net.sizes == [2, 4, 2, 7, 1]
    assert [s.layout.display for s in view.widths] == [None] * 3 + ["none"] * 3
    view.features["x1*x2"].value = True
    view.features["x1"].value = view.features["x2"].value = False
    assert view.run.settings["features"] == ("x1*x2",)
    view.features["x1*x2"].value = False       # the last feature stays on
    assert view.features["x1*x2"].value and view.run.settings["features"] == ("x1*x2",)
    view.controls["layers"].value = 0
    assert view.run.net.sizes == [1, 1]


def test_a_diverging_run_stops_playing_with_a_message(view):
    view.controls["dataset"].value, view.controls["lr"].value = "plane", 10.0
    view.play.playing = True
    for _ in range(5):
        tick(view)
    assert not view.play.playing and "Diverged" in view.status.value and "press Reset" in view.status.value
    view.play.playing = True                  # Play again on the diverged run: it stops at the next tick
    view.play.value += 1
    assert not view.play.playing


def test_export_writes_the_file_and_says_so(view, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view.step.click()
    view.export.click()
    assert "wrote playground-weights.json" in view.status.value
    assert json.loads((tmp_path / "playground-weights.json").read_text())["epoch"] == K


def test_the_dom_contract_classes():
    box = live.playground()
    found, todo = set(), [box]
    while todo:
        widget = todo.pop()
        found.update(widget._dom_classes)
        todo.extend(getattr(widget, "children", ()))
    assert {"nnlib-live", "nnlib-live-play", "nnlib-live-step", "nnlib-live-reset", "nnlib-live-epoch", "nnlib-live-frame",
            "nnlib-live-lr", "nnlib-live-dataset", "nnlib-live-noise", "nnlib-live-reg", "nnlib-live-reg-rate",
            "nnlib-live-status", "nnlib-live-export"} <= found
    p = box.playground
    assert p.play.interval == 80 and not p.play.show_repeat and p.frame.format == "png" and p.epoch.value == "epoch 0"


@pytest.mark.parametrize("settings, label", [({"batch_size": 50}, "batch size"), ({"noise": 0.6}, "noise"),
                                             ({"hidden": [4] * 7}, "hidden"), ({"train_fraction": 0.95}, "train part")])
def test_the_playground_refuses_a_setting_its_sliders_cannot_show(settings, label):
    with pytest.raises(ValueError, match=label):       # a slider would clamp it and show another value than the run's
        live.playground(**settings)
