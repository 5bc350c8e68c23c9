"""The kinds of case, one package each (see caseflow.cases.kinds for what a kind provides)."""
