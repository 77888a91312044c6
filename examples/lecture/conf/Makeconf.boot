# Where boot modules are looked up. Relative paths are relative to the
# workspace root (the directory that contains conf/): the prebuilt programs
# in bin/ and the ned scripts here in conf/.
MODULE_SEARCH_PATH = bin:conf
