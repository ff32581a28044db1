"""Labelled sets and measurements of the pipeline's quality claims, shipped so a user can run them on
their own data too: PII recall/coverage/precision (pii.py, pii_sets.py, pii_forms.py, names.py, klue.py;
`instructflow eval pii`), request/language/spam verdicts (scoring.py) and near-duplicate recall by
perturbation and length (dedup.py). The tests' floors and bench/eval_quality.py use them.
"""
