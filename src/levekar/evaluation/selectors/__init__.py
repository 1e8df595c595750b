"""Every read of the evaluation. Outcomes are aggregates only: no selector here returns a
person, a household or a case."""
