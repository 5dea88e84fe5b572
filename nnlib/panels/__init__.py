"""The slider panels' frames: the part of each panel's figure that is drawn once (nnlib.widgets.frame).

One module per notebook (nb01, nb03, ...) builds that notebook's frames: axes, fixed limits, labels, colour
bars, static points, and the empty animated artists its callback fills. The callback stays in the notebook
(train, then update the animated artists), so what a student reads there is the experiment, not the figure's
layout. Tests compare every panel's blitted pixels with a full draw (tests/test_notebookNN.py). Outside
nnlib's core and its size budget, like nnlib.exercises: the course's teaching tools.
"""
