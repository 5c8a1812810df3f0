"""The national standards as small pure modules, one per standard.

Every function cites the clause it implements. Formulas are written as Polars
expressions so the same code computes one worked example in a test and a
national year in the pipeline; the scalar helpers evaluate those expressions.
"""
