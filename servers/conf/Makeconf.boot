# Where boot modules are looked up. Relative paths are relative to the
# workspace root (the directory that contains conf/).
MODULE_SEARCH_PATH = bin
