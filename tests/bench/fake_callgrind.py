"""The head of a callgrind dump file, as valgrind 3.19 writes it with --dump-before."""

DUMP = """# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 4242
cmd:  python -m bench.inprocess fastapi sqlite:///x.sqlite3
part: 2

desc: I1 cache:
desc: Timerange: Basic block 1 - 2
desc: Trigger: --dump-before=getppid

positions: line
events: Ir
summary: 5246810
totals: 5246810
"""
