"""Power-loss simulation for the security suite: an LD_PRELOAD recorder (plshim.c) and a
replayer that builds crash states from its log (replay.py). Used by test_powerloss.py."""
