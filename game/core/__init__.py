"""The story core: model, loader, checker, expressions and runtime. Imports no pygame."""
