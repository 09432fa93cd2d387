"""The benchmark harness of `make bench` (docs/performance.md): a large synthetic data set
(``manage.py bench_data``), the load run against gunicorn (``python -m bench.run``) and the
bare-Django ceiling (``bench.bare``). Installed only by ``bench.settings``."""
