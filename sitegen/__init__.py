"""The comparison site: `make site` writes site/ from the code, the test report and the benchmark report.

Nothing on a page is typed by hand except prose: snippets are cut from the
source by name, and every number is read from the source, the JUnit report
or the benchmark results when the site is built, so it cannot go stale.
"""
