"""Streamwise's churn model as a project: features, a data contract, training, a gate, a registry.

Run `python -m churn --help` from the project folder for the pipeline's commands.
"""
