"""Synthetic lifters filmed by a synthetic camera: landmarks with a known truth.

A 2-D kinematic body (Winter's segment proportions) lies on a bench or the floor and does a
set rep by rep; a pinhole camera turns its 33 MediaPipe landmarks into pixels and a noise model
adds what a pose model does (jitter, lost frames, jumps, low visibility on the far side). The
truth per rep (peak hip angle, hold, phase times, faults) is measured on the noiseless model.
Used by the tests and by ``benchmarks/motion_accuracy.py``; pure numpy, randomness only through
the ``numpy.random.Generator`` passed in.
"""

from hipthrust_testkit.synth.body import BodyProportions
from hipthrust_testkit.synth.camera import CameraSpec
from hipthrust_testkit.synth.generate import SyntheticSet, TruthRep, generate_set, truth_of
from hipthrust_testkit.synth.negatives import NEGATIVE_KINDS, NegativeExample, negative_example
from hipthrust_testkit.synth.noise import NoiseSpec
from hipthrust_testkit.synth.sampling import NOISE_LEVELS, SetMix, random_spec
from hipthrust_testkit.synth.spec import EXERCISES, FAULTS, RepSpec, SetSpec, TruthRules, plain_set

__all__ = [
    "EXERCISES",
    "FAULTS",
    "NEGATIVE_KINDS",
    "NOISE_LEVELS",
    "BodyProportions",
    "CameraSpec",
    "NegativeExample",
    "NoiseSpec",
    "RepSpec",
    "SetMix",
    "SetSpec",
    "SyntheticSet",
    "TruthRep",
    "TruthRules",
    "generate_set",
    "negative_example",
    "plain_set",
    "random_spec",
    "truth_of",
]
