# Boot modules are looked up in the workspace's bin/ (built by the SDK).
MODULE_SEARCH_PATH = bin:conf
