"""The story language: one typed intermediate form (ir), its one parser (parse) and one evaluator (evaluate)."""
