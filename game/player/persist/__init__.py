"""What the game keeps on disk: save slots and progress, settings, and the atomic writes behind them."""
