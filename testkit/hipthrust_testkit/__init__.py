"""What only the tests and the benchmarks use, kept out of the installed ``hipthrust`` package:
synthetic lifters (``synth``), a drawn mannequin for rendered footage (``mannequin``) and
throwaway PostgreSQL schemas (``scratch``). The tests find it through pytest's ``pythonpath``,
the benchmarks through ``benchmarks/_testkit.py``.
"""
